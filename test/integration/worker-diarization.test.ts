import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diarizationModelsDir, transcribeFile } from '../helpers/diarization';
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

const transcribe = (fields: Record<string, string>) => transcribeFile(api.url, wav, fields);

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
