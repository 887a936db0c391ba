import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsrEngine } from '../../src/lib/server/asr/engine';
import type { Progress, Segment, TranscriptionResult } from '../../src/lib/server/asr/types';
import { decodeToPcm16kMono } from '../../src/lib/server/infra/media/decode';
import { wavHeader } from '../../src/lib/server/infra/media/wav';
import type { DomainError } from '../../src/lib/server/infra/errors';
import { concat, loadSpeech, noise } from '../helpers/audio';
import { TEST_MODEL, TEST_MODELS_DIR, tempDir } from '../helpers/server';

/*
 * The real pipeline (transformers.js on onnxruntime-node, in the worker thread) on the generated
 * random-weight Whisper: its text is gibberish, but its structure — windows, timestamps, words,
 * languages, progress, cancellation — is the real thing.
 */
let engine: AsrEngine;
const speech = loadSpeech();
const SR = 16000;

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

function expectWellFormed(r: TranscriptionResult, duration: number) {
	expect(r.duration).toBeCloseTo(duration, 1);
	let last = 0;
	for (const s of r.segments) {
		expect(s.start).toBeGreaterThanOrEqual(0);
		expect(s.end).toBeGreaterThanOrEqual(s.start);
		expect(s.end).toBeLessThanOrEqual(duration + 0.01);
		if (s.channel === null) {
			expect(s.start).toBeGreaterThanOrEqual(last - 1e-9);
			last = s.end;
		}
		expect(s.confidence).toBeGreaterThan(0);
		expect(s.confidence).toBeLessThanOrEqual(1);
		expect(s.text.trim()).not.toBe('');
	}
	expect(r.text).toBe(r.segments.map((s) => s.text).join(' '));
}

describe('device probing', () => {
	it('reports every provider tried and uses one that works', () => {
		const report = engine.deviceReport();
		expect(report?.tried.length).toBeGreaterThan(0);
		expect(report?.tried.at(-1)?.ok).toBe(true);
		expect(report?.inUse).toBe(report?.tried.at(-1)?.provider);
		for (const failed of report!.tried.filter((p) => !p.ok)) expect(failed.error).toBeTruthy();
	});
});

describe('transcribing', () => {
	it('short speech: segments with monotonic timestamps inside the audio, language detected', async () => {
		const progress: Progress[] = [];
		const audio = concat([0.5, speech, 0.5]);
		const r = await engine.transcribe(
			[audio],
			{ model: TEST_MODEL },
			{ onProgress: (p) => progress.push(p) },
		);
		expectWellFormed(r, audio.length / SR);
		expect(r.segments.length).toBeGreaterThan(0);
		expect(r).toMatchObject({ model: TEST_MODEL, languageDetected: true, task: 'transcribe' });
		expect(r.language).toMatch(/^[a-z]{2,3}$/);
		expect(r.dtype).toEqual({ encoder_model: 'q8', decoder_model_merged: 'q8' });
		expect(progress.at(-1)?.doneSeconds).toBeCloseTo(audio.length / SR, 3);
	});

	it('long audio is never truncated: speech after 30 s is transcribed, silence is skipped', async () => {
		// 8 utterances 8 s apart (~83 s), then 36 s of continuous speech that must be split.
		const parts: (Float32Array | number)[] = [1];
		for (let i = 0; i < 8; i++) parts.push(speech, 8);
		const continuous = concat(Array.from({ length: 15 }, () => speech));
		const audio = concat([...parts, continuous, 1]);
		const progress: Progress[] = [];
		const r = await engine.transcribe(
			[audio],
			{ model: TEST_MODEL },
			{ onProgress: (p) => progress.push(p) },
		);
		const duration = audio.length / SR;
		expectWellFormed(r, duration);
		expect(r.speechDuration).toBeLessThan(duration - 40);
		expect(Math.max(...r.segments.map((s) => s.end))).toBeGreaterThan(duration - 10);
		// No segment lies inside a silent gap (no text invented over silence).
		const step = speech.length / SR + 8;
		for (let i = 0; i < 8; i++) {
			const gapStart = 1 + i * step + speech.length / SR + 0.6;
			const gapEnd = 1 + (i + 1) * step - 0.6;
			const inside = r.segments.filter((s) => s.start > gapStart && s.end < gapEnd);
			expect(inside, `segments inside silence ${gapStart}-${gapEnd}`).toEqual([]);
		}
		// Several windows, reported in order.
		expect(progress.length).toBeGreaterThan(3);
		const done = progress.map((p) => p.doneSeconds);
		expect(done).toEqual([...done].sort((a, b) => a - b));
	});

	it('silence and low noise give no segments at all', async () => {
		const quiet = concat([noise(SR * 20, 0.002)]);
		const r = await engine.transcribe([quiet], { model: TEST_MODEL });
		expect(r.segments).toEqual([]);
		expect(r.text).toBe('');
	});

	it('word timestamps lie inside their segments', async () => {
		const audio = concat([0.5, speech, 1, speech, 0.5]);
		const r = await engine.transcribe([audio], { model: TEST_MODEL, wordTimestamps: true });
		expectWellFormed(r, audio.length / SR);
		const words = r.segments.flatMap((s: Segment) => (s.words ?? []).map((w) => ({ w, s })));
		expect(words.length).toBeGreaterThan(0);
		for (const { w, s } of words) {
			expect(w.start).toBeGreaterThanOrEqual(s.start);
			expect(w.end).toBeLessThanOrEqual(s.end);
			expect(w.end).toBeGreaterThanOrEqual(w.start);
			expect(w.probability).toBeGreaterThan(0);
		}
	});

	it('translates with a given language', async () => {
		const r = await engine.transcribe([concat([0.3, speech])], {
			model: TEST_MODEL,
			language: 'French',
			task: 'translate',
		});
		expect(r).toMatchObject({ language: 'fr', languageDetected: false, task: 'translate' });
		expect(r.segments.length).toBeGreaterThan(0);
	});

	it('feeds an initial prompt to the decoder (it changes what is decoded)', async () => {
		const audio = concat([0.3, speech]);
		const plain = await engine.transcribe([audio], { model: TEST_MODEL, language: 'en' });
		const prompted = await engine.transcribe([audio], {
			model: TEST_MODEL,
			language: 'en',
			initialPrompt: 'MeetingScribe, Kubernetes, Ada Lovelace',
		});
		expect(prompted.text).not.toBe(plain.text);
		expect(prompted.text).not.toContain('Kubernetes');
	});

	it('fails a transcription whose audio was already handed over, and keeps working', async () => {
		const gone = speech.slice();
		structuredClone(gone.buffer, { transfer: [gone.buffer] }); // detaches it, as a transfer does
		await expect(
			engine.transcribe([gone], { model: TEST_MODEL }, { transfer: true }),
		).rejects.toThrow(/detached|transfer/i);
		const after = await engine.transcribe([speech], { model: TEST_MODEL });
		expect(after.text.length).toBeGreaterThan(0);
	});

	it('rejects a language the model does not know', async () => {
		await expect(
			engine.transcribe([speech], { model: TEST_MODEL, language: 'klingon' }),
		).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
	});

	it('labels speakers by channel for mic/tab recordings', async () => {
		const mic = concat([0.5, speech, 6]);
		const tab = concat([4, speech, 2.5]);
		const r = await engine.transcribe([mic, tab], {
			model: TEST_MODEL,
			channelSpeakers: ['Ada', 'Remote'],
		});
		expectWellFormed(r, mic.length / SR);
		const byChannel = (ch: number) => r.segments.filter((s) => s.channel === ch);
		expect(byChannel(0).length).toBeGreaterThan(0);
		expect(byChannel(1).length).toBeGreaterThan(0);
		expect(new Set(byChannel(0).map((s) => s.speaker))).toEqual(new Set(['Ada']));
		expect(new Set(byChannel(1).map((s) => s.speaker))).toEqual(new Set(['Remote']));
		for (const s of byChannel(0)) expect(s.start).toBeLessThan(3.5);
		for (const s of byChannel(1)) expect(s.start).toBeGreaterThan(3.5);
	});

	it('cancels a running transcription between windows, then keeps working', async () => {
		const audio = concat(Array.from({ length: 10 }, () => [speech, 6]).flat());
		const controller = new AbortController();
		const run = engine.transcribe(
			[audio],
			{ model: TEST_MODEL },
			{
				signal: controller.signal,
				onProgress: () => controller.abort(),
			},
		);
		await expect(run).rejects.toMatchObject({ details: { cancelled: true } });
		const after = await engine.transcribe([speech], { model: TEST_MODEL });
		expect(after.segments.length).toBeGreaterThan(0);
	});

	it('runs live work during a long file job, which pauses and then ends as it would have', async () => {
		const long = concat(Array.from({ length: 60 }, () => [speech, 0.7]).flat());
		const alone = await engine.transcribe([long.slice()], { model: TEST_MODEL, language: 'en' });
		let jobStarted!: () => void;
		const started = new Promise<void>((r) => (jobStarted = r));
		const order: string[] = [];
		const job = engine
			.transcribe(
				[long.slice()],
				{ model: TEST_MODEL, language: 'en' },
				{ priority: 0, onProgress: () => jobStarted() },
			)
			.then((r) => (order.push('job'), r));
		await started;
		expect(engine.busy).toBe(true);
		const live = await engine.transcribe(
			[concat([0.3, speech, 0.3])],
			{ model: TEST_MODEL, language: 'en', disableVad: true },
			{ priority: 10 },
		);
		order.push('live');
		const paused = await job;
		expect(order).toEqual(['live', 'job']);
		expect(live.segments.length).toBeGreaterThan(0);
		// Paused at a window or decoder step, not disturbed: the same transcript.
		expect(paused.segments).toEqual(alone.segments);
	});

	it('cancels a job paused behind live work, and the live work still completes', async () => {
		const long = concat(Array.from({ length: 60 }, () => [speech, 0.7]).flat());
		const controller = new AbortController();
		let jobStarted!: () => void;
		const started = new Promise<void>((r) => (jobStarted = r));
		const job = engine.transcribe(
			[long],
			{ model: TEST_MODEL, language: 'en' },
			{ priority: 0, signal: controller.signal, onProgress: () => jobStarted() },
		);
		await started;
		const live = engine.transcribe(
			[concat([0.3, speech, 0.3])],
			{ model: TEST_MODEL, language: 'en', disableVad: true },
			{ priority: 10 },
		);
		controller.abort();
		await expect(job).rejects.toMatchObject({ details: { cancelled: true } });
		expect((await live).segments.length).toBeGreaterThan(0);
		expect(engine.busy).toBe(false);
	});

	it('fails fast with MODEL_UNAVAILABLE for a missing model, naming folder and command', async () => {
		let err: DomainError | undefined;
		try {
			await engine.transcribe([speech], { model: 'medium' });
		} catch (e) {
			err = e as DomainError;
		}
		expect(err?.code).toBe('MODEL_UNAVAILABLE');
		expect(err?.details?.pull_command).toBe('npx meetingscribe models pull medium');
	});
});

describe('media through ffmpeg into the engine', () => {
	const dir = tempDir();
	const wav = path.join(dir, 'speech.wav');
	beforeAll(() => {
		const pcm = Buffer.from(
			new Int16Array(concat([0.5, speech, 0.5]).map((x) => x * 32767)).buffer,
		);
		fs.writeFileSync(
			wav,
			Buffer.concat([wavHeader({ sampleRate: SR, channels: 1, dataBytes: pcm.length }), pcm]),
		);
	});

	for (const [ext, codec] of [
		['mp3', ['-c:a', 'libmp3lame']],
		['webm', ['-c:a', 'libopus']],
	] as const) {
		it(`transcribes ${ext}`, async () => {
			const file = path.join(dir, `speech.${ext}`);
			execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-i', wav, ...codec, file]);
			const decoded = await decodeToPcm16kMono(file);
			const r = await engine.transcribe([decoded.samples], { model: TEST_MODEL });
			expectWellFormed(r, decoded.durationSeconds);
			expect(r.segments.length).toBeGreaterThan(0);
		});
	}

	it('a corrupt file is UNSUPPORTED_MEDIA with ffmpeg’s reason, not a crash', async () => {
		const bad = path.join(dir, 'bad.mp3');
		fs.writeFileSync(bad, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
		await expect(decodeToPcm16kMono(bad)).rejects.toMatchObject({
			code: 'UNSUPPORTED_MEDIA',
			details: { reason: expect.any(String) as unknown },
		});
	});
});
