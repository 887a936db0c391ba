import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptionArea } from '../../src/lib/contracts/openapi/transcription';
import type { RunningServer } from '../helpers/server';
import { contractServer, ExampleRunner, finishedJob, transcribedUpload } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, transcriptionArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('Transcription: documented examples against the server', () => {
	it('starts jobs for a stored recording and an upload, reads status and result, lists models', async () => {
		const { job_id, audio_file_id, done } = await transcribedUpload(server);
		expect(done.status).toBe('completed');
		const started = await examples.run('startTranscription', { audio_file_id });
		for (const a of started.filter((a) => a.status === 202)) {
			const job = (a.body as { job: { job_id: string } }).job;
			expect((await finishedJob(server, job.job_id)).status).toBe('completed');
		}
		await examples.run('getTranscriptionStatus', { job_id });
		await examples.run('getTranscriptionResult', { job_id });
		await examples.run('cancelTranscription', { job_id });
		await examples.run('listTranscriptionModels');
		await examples.run('listTranscriptionJobs');
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
