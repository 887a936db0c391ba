import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workersArea } from '../../src/lib/contracts/openapi/workers';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { tempDir, type RunningServer } from '../helpers/server';
import { createWorkerKey } from '../helpers/workers';
import { api, contractServer, ExampleRunner, finishedJob, startedUpload } from './harness';

/*
 * The worker protocol, spoken by the test as a worker would: an API node that only serves
 * (JOB_CONCURRENCY=0) on a real Redis, so the uploaded job waits for a claim.
 */
let server: RunningServer;
let redis: RunningRedis;
let workerKey: string;
const examples = new ExampleRunner(
	() => server,
	workersArea,
	() => workerKey,
);

beforeAll(async () => {
	redis = await startRedis();
	const dataDir = tempDir();
	workerKey = createWorkerKey(dataDir);
	server = await contractServer({ DATA_DIR: dataDir, REDIS_URL: redis.url, JOB_CONCURRENCY: '0' });
}, 60_000);
afterAll(async () => {
	await server?.stop();
	await redis?.stop();
});

describe('Workers: documented examples against the server', () => {
	it('takes a heartbeat and lists the worker', async () => {
		await examples.run('workerHeartbeat');
		const { body } = await api(server, '/api/v1/system/status');
		expect(JSON.stringify(body)).toContain('contract-worker');
	});

	it('hands a job to the worker that claims it, and stores its transcript', async () => {
		const job = await startedUpload(server);
		await examples.run('workerClaimJob', { job_id: job.job_id });
		const [audio] = await examples.run('workerJobAudio', { job_id: job.job_id });
		expect(String(audio!.body).startsWith('RIFF')).toBe(true);
		await examples.run('workerJobProgress', { job_id: job.job_id });
		await examples.run('workerJobResult', { job_id: job.job_id });
		const done = await finishedJob(server, job.job_id);
		expect(done.status).toBe('completed');
		const result = await api(server, `/api/v1/transcription/result/${job.job_id}`);
		expect(JSON.stringify(result.body)).toContain('Hello everyone.');
	});

	it('answers a worker key on the worker protocol only, and only a worker key there', async () => {
		const other = await fetch(`${server.url}/api/v1/system/status`, {
			headers: { authorization: `Bearer ${workerKey}` },
		});
		expect(other.status).toBe(403);
		const admin = await api(server, '/api/v1/workers/heartbeat', 'POST', {
			worker_id: 'x',
			host: 'h',
			device: 'cpu',
			models: [],
			concurrency: 1,
			current_jobs: [],
		});
		expect(admin.status).toBe(403);
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
