import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionJob,
} from '../../src/lib/contracts/transcription';
import { concat, loadSpeech } from '../helpers/audio';
import { writePcmWav } from '../helpers/media';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { freePort } from '../helpers/redis';
import { ROOT, startServer, TEST_MODELS_DIR, tempDir, type RunningServer } from '../helpers/server';
import { createWorkerKey, startWorker, type RunningWorker } from '../helpers/workers';

/*
 * Scale-out with real parts: Debian's redis-server, an API node that only serves
 * (JOB_CONCURRENCY=0) and `meetingscribe worker` processes that share no disk with it.
 */
const LOCK_MS = '2000';
const media = tempDir('meetingscribe-media-');
const speech = loadSpeech();
const wav = writePcmWav(path.join(media, 'meeting.wav'), [concat([0.5, speech, 1, speech, 0.5])]);
/** Long enough to be caught mid-job (many windows). */
const longWav = writePcmWav(path.join(media, 'long.wav'), [
	concat(Array.from({ length: 300 }, () => [speech, 1]).flat()),
]);

let redis: RunningRedis;
let api: RunningServer;
let workerKey: string;
const workers: RunningWorker[] = [];

const workerEnv = () => ({
	REDIS_URL: redis.url,
	MEETINGSCRIBE_URL: api.url,
	MEETINGSCRIBE_WORKER_KEY: workerKey,
	QUEUE_LOCK_MS: LOCK_MS,
});

beforeAll(async () => {
	redis = await startRedis();
	const dataDir = tempDir();
	workerKey = createWorkerKey(dataDir);
	api = await startServer({
		DATA_DIR: dataDir,
		REDIS_URL: redis.url,
		JOB_CONCURRENCY: '0',
		QUEUE_LOCK_MS: LOCK_MS,
	});
	workers.push(...(await Promise.all([startWorker(workerEnv()), startWorker(workerEnv())])));
}, 120_000);

afterAll(async () => {
	await Promise.all(workers.map((w) => w.stop()));
	await api?.stop();
	await redis?.stop();
});

async function upload(base: string, file: string): Promise<TranscriptionJob> {
	const fd = new FormData();
	fd.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
	const res = await fetch(`${base}/api/v1/transcription/start`, { method: 'POST', body: fd });
	const json = (await res.json()) as { job: unknown };
	expect(res.status, JSON.stringify(json)).toBe(202);
	return transcriptionJobSchema.parse(json.job);
}

async function status(base: string, jobId: string): Promise<TranscriptionJob> {
	const res = await fetch(`${base}/api/v1/transcription/status/${jobId}`);
	return transcriptionJobSchema.parse(await res.json());
}

async function waitFor(
	base: string,
	jobId: string,
	ok: (j: TranscriptionJob) => boolean,
	timeoutMs = 90_000,
): Promise<TranscriptionJob> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const job = await status(base, jobId);
		if (ok(job)) return job;
		if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status} (${job.progress})`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function until(ok: () => boolean, timeoutMs = 30_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!ok()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 50));
	}
}

const done = (statuses: string[]) => (j: TranscriptionJob) => statuses.includes(j.status);

async function result(base: string, jobId: string) {
	const res = await fetch(`${base}/api/v1/transcription/result/${jobId}`);
	expect(res.status).toBe(200);
	return transcriptionResultSchema.parse(await res.json());
}

/** What must not depend on where a file was transcribed. */
function comparable(r: Awaited<ReturnType<typeof result>>) {
	return {
		text: r.full_text,
		language: r.language,
		segments: r.segments.map((s) => ({
			start: s.start_time,
			end: s.end_time,
			text: s.text,
			confidence: s.confidence,
			speaker: s.speaker_id,
		})),
	};
}

/** The worker that logged starting this job most recently. */
function runnerOf(jobId: string): RunningWorker | undefined {
	const line = new RegExp(`"job_id":"${jobId}"[^\\n]*"msg":"job started"`);
	return workers.find(
		(w) => line.test(w.output()) && w.proc.exitCode === null && w.proc.signalCode === null,
	);
}

async function waitForRunner(jobId: string): Promise<RunningWorker> {
	const until = Date.now() + 60_000;
	for (;;) {
		const w = runnerOf(jobId);
		if (w) return w;
		if (Date.now() > until) throw new Error(`no worker started job ${jobId}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function transcriptCountFor(jobId: string): Promise<number> {
	const job = await status(api.url, jobId);
	const res = await fetch(`${api.url}/api/v1/files/transcriptions?page_size=100`);
	const body = (await res.json()) as { transcriptions: { audio_file_id: string | null }[] };
	return body.transcriptions.filter((t) => t.audio_file_id === job.audio_file_info?.id).length;
}

describe('transcription workers on BullMQ', () => {
	it('a worker transcribes a file exactly as a single node does', async () => {
		const job = await upload(api.url, wav);
		const finished = await waitFor(api.url, job.job_id, done(['completed', 'failed']));
		expect(finished.status, finished.error_message ?? '').toBe('completed');
		expect(runnerOf(job.job_id)).toBeDefined();
		const distributed = await result(api.url, job.job_id);

		const single = await startServer();
		try {
			const local = await upload(single.url, wav);
			const localDone = await waitFor(single.url, local.job_id, done(['completed', 'failed']));
			expect(localDone.status).toBe('completed');
			expect(comparable(distributed)).toEqual(comparable(await result(single.url, local.job_id)));
		} finally {
			await single.stop();
		}
	});

	it('the worker protocol takes worker keys only, and worker keys nothing else', async () => {
		const heartbeat = `${api.url}/api/v1/workers/heartbeat`;
		expect((await fetch(heartbeat, { method: 'POST' })).status).toBe(401);
		const asWorker = { authorization: `Bearer ${workerKey}` };
		expect((await fetch(`${api.url}/api/v1/files/recordings`, { headers: asWorker })).status).toBe(
			403,
		);
		const signIn = await fetch(`${api.url}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api_key: workerKey }),
		});
		expect(signIn.status).toBe(403);
		const status = await fetch(`${api.url}/api/v1/system/status`);
		const body = (await status.json()) as {
			job_queue: string;
			workers?: { worker_id: string; current_jobs: string[] }[];
		};
		expect(body.job_queue).toBe('redis');
		expect(body.workers?.map((w) => w.worker_id).sort()).toEqual(workers.map((w) => w.id).sort());
	});
});

describe('crash safety', () => {
	it('a worker killed mid-job: another picks the job up after the stall interval and it completes once', async () => {
		const job = await upload(api.url, longWav);
		const first = await waitForRunner(job.job_id);
		await waitFor(api.url, job.job_id, (j) => j.status === 'running' && j.progress > 0);
		await first.stop('SIGKILL');
		workers.splice(workers.indexOf(first), 1);

		const finished = await waitFor(api.url, job.job_id, done(['completed', 'failed', 'cancelled']));
		expect(finished.status, finished.error_message ?? '').toBe('completed');
		expect(runnerOf(job.job_id)).toBeDefined();
		expect(await transcriptCountFor(job.job_id)).toBe(1);
		workers.push(await startWorker(workerEnv()));
	});

	it('SIGTERM: the worker finishes its window, hands the job back and exits', async () => {
		const job = await upload(api.url, longWav);
		const first = await waitForRunner(job.job_id);
		await waitFor(api.url, job.job_id, (j) => j.status === 'running' && j.progress > 0);
		const code = await first.stop('SIGTERM');
		expect(first.output()).toContain('job handed back to the queue');
		expect(code, first.output()).toBe(0);
		workers.splice(workers.indexOf(first), 1);

		const finished = await waitFor(api.url, job.job_id, done(['completed', 'failed', 'cancelled']));
		expect(finished.status, finished.error_message ?? '').toBe('completed');
		expect(await transcriptCountFor(job.job_id)).toBe(1);
		workers.push(await startWorker(workerEnv()));
	});

	it('cancel reaches the worker running the job, which then takes the next one', async () => {
		const job = await upload(api.url, longWav);
		const runner = await waitForRunner(job.job_id);
		await waitFor(api.url, job.job_id, (j) => j.status === 'running' && j.progress > 0);
		const res = await fetch(`${api.url}/api/v1/transcription/cancel/${job.job_id}`, {
			method: 'DELETE',
		});
		expect(res.status).toBe(200);
		const cancelled = await waitFor(
			api.url,
			job.job_id,
			done(['completed', 'failed', 'cancelled']),
		);
		expect(cancelled.status).toBe('cancelled');
		await runner.waitFor(new RegExp(`"job_id":"${job.job_id}"[^\\n]*"msg":"job cancelled"`));
		expect(await transcriptCountFor(job.job_id)).toBe(0);

		const next = await upload(api.url, wav);
		expect((await waitFor(api.url, next.job_id, done(['completed', 'failed']))).status).toBe(
			'completed',
		);
	});

	it('Redis restarting empty: a job submitted while it was down still completes', async () => {
		await redis.stop();
		const job = await upload(api.url, wav);
		expect(job.status).toBe('pending');
		// Both sides notice the outage, in one line each, and keep retrying.
		const outage = 'Redis is unreachable; retrying with back-off';
		await until(() => api.output().includes(outage));
		await Promise.all(workers.map((w) => w.waitFor(outage)));
		await redis.restart();
		const finished = await waitFor(api.url, job.job_id, done(['completed', 'failed']));
		expect(finished.status, finished.error_message ?? '').toBe('completed');
		expect(api.output().split(outage).length - 1).toBe(1);
	});
});

describe('models', () => {
	it('a job whose model no worker has fails with MODEL_UNAVAILABLE naming the worker', async () => {
		const good = workers.splice(0);
		await Promise.all(good.map((w) => w.stop()));
		const bare = await startWorker({ ...workerEnv(), MODELS_DIR: tempDir('meetingscribe-empty-') });
		workers.push(bare);
		const job = await upload(api.url, wav);
		const failed = await waitFor(api.url, job.job_id, done(['completed', 'failed']));
		expect(failed.status).toBe('failed');
		expect(failed.error_message).toContain('MODEL_UNAVAILABLE');
		expect(failed.error_message).toContain(bare.id);
		await bare.stop();
		workers.splice(0);
		workers.push(...(await Promise.all([startWorker(workerEnv()), startWorker(workerEnv())])));
	});
});

describe('doctor', () => {
	function doctorRedis(url: string) {
		const r = spawnSync(process.execPath, ['bin/meetingscribe.js', 'doctor', '--json'], {
			cwd: ROOT,
			env: { ...process.env, REDIS_URL: url, DATA_DIR: tempDir(), MODELS_DIR: TEST_MODELS_DIR },
			encoding: 'utf8',
		});
		const body = JSON.parse(r.stdout) as {
			checks: { name: string; status: string; message: string }[];
		};
		return body.checks.find((c) => c.name === 'redis');
	}

	it('checks Redis when REDIS_URL is set', async () => {
		const up = doctorRedis(redis.url);
		expect(up?.status, up?.message).toBe('ok');
		expect(up?.message).toMatch(/Redis \d+\./);
		const down = doctorRedis(`redis://127.0.0.1:${await freePort()}`);
		expect(down?.status).toBe('fail');
	});
});
