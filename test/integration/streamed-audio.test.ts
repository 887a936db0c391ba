import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	transcriptionJobSchema,
	type TranscriptionJob,
} from '../../src/lib/contracts/transcription';
import { AsrEngine } from '../../src/lib/server/asr/engine';
import { openAudio } from '../../src/lib/server/infra/media/audio-file';
import { decodeToPcm16kMono } from '../../src/lib/server/infra/media/decode';
import { concat, loadSpeech } from '../helpers/audio';
import { encode, writePcmWav } from '../helpers/media';
import {
	startServer,
	tempDir,
	TEST_MODEL,
	TEST_MODELS_DIR,
	type RunningServer,
} from '../helpers/server';

/*
 * Audio read from disk window by window (docs/decisions/0016-streamed-audio.md) must give the
 * transcripts the whole-array path gave, and leave no scratch file behind.
 */
const speech = loadSpeech();
const media = tempDir('meetingscribe-streamed-');
const scratchDir = tempDir('meetingscribe-streamed-scratch-');
// Mic and tab apart, at 44.1 kHz so that the resampling path runs, and compressed.
const mic = concat([0.5, speech, 6, speech, 1]);
const tab = concat([4, speech, 2.5, speech, 2]).subarray(0, mic.length);
const recording = writePcmWav(path.join(media, 'meeting.wav'), [mic, tab]);
const cd = path.join(media, 'meeting-44k.wav');
execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-i', recording, '-ar', '44100', cd]);
const ogg = encode(recording, 'ogg');

let engine: AsrEngine;
beforeAll(async () => {
	engine = new AsrEngine({
		modelsDir: TEST_MODELS_DIR,
		allowRemote: false,
		device: 'auto',
		logger: pino({ level: 'silent' }),
	});
	await engine.start();
});
afterAll(async () => {
	await engine?.dispose();
});

describe('transcribing from disk', { timeout: 120_000 }, () => {
	for (const [name, file] of [
		['reads a 16 kHz recording where it lies', recording],
		['resamples a 44.1 kHz WAV into a scratch file', cd],
		['decodes an ogg by ffmpeg into a scratch file', ogg],
	] as const) {
		it(`${name}: the transcript the whole arrays gave, by channel and mixed`, async () => {
			const decoded = await decodeToPcm16kMono(file);
			const opened = await openAudio(file, { scratchDir });
			try {
				for (const channelSpeakers of [['You', 'Remote'], undefined]) {
					const request = { model: TEST_MODEL, language: 'en', channelSpeakers };
					const arrays = channelSpeakers ? decoded.channels : [decoded.samples];
					const before = await engine.transcribe(arrays, request);
					const after = await engine.transcribe(opened.file, request);
					expect(after.segments.length).toBeGreaterThan(0);
					expect({ ...after, processingTime: 0 }).toEqual({ ...before, processingTime: 0 });
				}
			} finally {
				await opened.dispose();
			}
			expect(fs.readdirSync(scratchDir)).toEqual([]);
		});
	}
});

describe('jobs on compressed audio', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.stop();
	});

	async function start(file: string): Promise<TranscriptionJob> {
		const body = new FormData();
		body.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
		const res = await fetch(`${server.url}/api/v1/transcription/start`, { method: 'POST', body });
		expect(res.status).toBe(202);
		return transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
	}

	async function status(id: string): Promise<TranscriptionJob> {
		const res = await fetch(`${server.url}/api/v1/transcription/status/${id}`);
		return transcriptionJobSchema.parse(await res.json());
	}

	const tmp = () => fs.readdirSync(path.join(server.dataDir, 'tmp'));

	it('leave no scratch file behind, whether they complete or are cancelled', async () => {
		const done = await start(ogg);
		await expect
			.poll(async () => (await status(done.job_id)).status, { timeout: 60_000 })
			.toBe('completed');
		expect(tmp()).toEqual([]);

		const long = encode(
			writePcmWav(
				path.join(media, 'long.wav'),
				[concat(Array.from({ length: 12 }, () => [speech, 5]).flat())],
				16000,
			),
			'ogg',
		);
		const job = await start(long);
		// Running means decoded: its scratch file exists until the job ends.
		await expect
			.poll(async () => (await status(job.job_id)).status, { timeout: 60_000 })
			.toBe('running');
		const res = await fetch(`${server.url}/api/v1/transcription/cancel/${job.job_id}`, {
			method: 'DELETE',
		});
		expect(res.status).toBe(200);
		await expect
			.poll(async () => (await status(job.job_id)).status, { timeout: 30_000 })
			.toBe('cancelled');
		await expect.poll(tmp, { timeout: 10_000 }).toEqual([]);
	});
});
