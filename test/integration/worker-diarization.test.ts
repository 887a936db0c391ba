import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionResult,
} from '../../src/lib/contracts/transcription';
import { diarizationModelsDir } from '../helpers/diarization';
import { writePcmWav } from '../helpers/media';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { createWorkerKey, startWorker, type RunningWorker } from '../helpers/workers';
import { conversation, LINES } from '../unit/diarization/voices';

/*
 * A remote worker labels voices as the API node would: the API node only serves
 * (JOB_CONCURRENCY=0, no diarization models of its own), the worker has the models.
 */
const talk = conversation(LINES);
const wav = writePcmWav(path.join(tempDir('meetingscribe-media-'), 'three voices.wav'), [
	talk.samples,
]);
let redis: RunningRedis;
let api: RunningServer;
let worker: RunningWorker;

beforeAll(async () => {
	redis = await startRedis();
	const dataDir = tempDir();
	const key = createWorkerKey(dataDir);
	api = await startServer({ DATA_DIR: dataDir, REDIS_URL: redis.url, JOB_CONCURRENCY: '0' });
	worker = await startWorker({
		REDIS_URL: redis.url,
		MEETINGSCRIBE_URL: api.url,
		MEETINGSCRIBE_WORKER_KEY: key,
		MODELS_DIR: diarizationModelsDir(),
	});
}, 120_000);

afterAll(async () => {
	await worker?.stop();
	await api?.stop();
	await redis?.stop();
});

async function transcribe(fields: Record<string, string>): Promise<TranscriptionResult> {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.set(k, v);
	fd.set('file', new Blob([fs.readFileSync(wav)]), 'three voices.wav');
	const res = await fetch(`${api.url}/api/v1/transcription/start`, { method: 'POST', body: fd });
	expect(res.status).toBe(202);
	const { job_id } = transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
	for (const until = Date.now() + 90_000; ;) {
		const r = await fetch(`${api.url}/api/v1/transcription/result/${job_id}`);
		if (r.status === 200) return transcriptionResultSchema.parse(await r.json());
		const job = transcriptionJobSchema.parse(
			await (await fetch(`${api.url}/api/v1/transcription/status/${job_id}`)).json(),
		);
		if (job.status === 'failed') throw new Error(`job failed: ${job.error_message}`);
		if (Date.now() > until) throw new Error(`job ${job_id} did not complete`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('voice diarization on a remote worker', () => {
	it('labels the voices of an upload when the job asks', async () => {
		const result = await transcribe({ enable_speaker_detection: 'true' });
		expect(result.speakers_detected.length).toBeGreaterThanOrEqual(2);
		for (const name of result.speakers_detected) expect(name).toMatch(/^Speaker \d$/);
		const ids = new Set(result.segments.map((s) => s.speaker_id));
		expect([...ids].every((id) => id !== null && /^speaker-\d$/.test(id))).toBe(true);
		expect(new Set(result.speaker_turns!.map((t) => t.speaker_id)).size).toBe(ids.size);
	});

	it('passes the speaker count on: num_speakers=1 gives one voice', async () => {
		const result = await transcribe({ enable_speaker_detection: 'true', num_speakers: '1' });
		expect(result.speakers_detected).toEqual(['Speaker 1']);
	});

	it('labels nothing when the job does not ask', async () => {
		const result = await transcribe({ enable_speaker_detection: 'false' });
		expect(result.speakers_detected).toEqual([]);
	});
});
