import fs from 'node:fs';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiVerboseSchema } from '../../src/lib/contracts/openai';
import { concat, loadSpeech } from '../helpers/audio';
import { encode, writePcmWav } from '../helpers/media';
import { startServer, tempDir, type RunningServer } from '../helpers/server';

/** The official `openai` client, pointed at MeetingScribe. */
let server: RunningServer;
let client: OpenAI;
const dir = tempDir('meetingscribe-openai-');
const speech = loadSpeech();
const wav = writePcmWav(path.join(dir, 'call.wav'), [concat([0.5, speech, 1, speech, 0.5])]);
const mp3 = encode(wav, 'mp3');

beforeAll(async () => {
	server = await startServer();
	client = new OpenAI({
		baseURL: `${server.url}/v1`,
		apiKey: 'not-needed-on-loopback',
		maxRetries: 0,
	});
});
afterAll(async () => {
	await server?.stop();
});

describe('OpenAI-compatible transcription', () => {
	it('refuses diarize=true with 503 MODEL_UNAVAILABLE when the diarization models are missing', async () => {
		const fd = new FormData();
		fd.set('model', 'whisper-1');
		fd.set('diarize', 'true');
		fd.set('file', new Blob([fs.readFileSync(wav)]), 'call.wav');
		const res = await fetch(`${server.url}/v1/audio/transcriptions`, { method: 'POST', body: fd });
		expect(res.status).toBe(503);
		const body = (await res.json()) as {
			error_code: string;
			error_details: { model_manager: string };
		};
		expect(body.error_code).toBe('MODEL_UNAVAILABLE');
		expect(body.error_details.model_manager).toBe('/settings/models');
	});

	it('json (the default) with whisper-1 mapped to the configured model', async () => {
		const r = await client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'whisper-1',
		});
		expect(typeof r.text).toBe('string');
		expect(r.text.length).toBeGreaterThan(0);
	});

	it('text', async () => {
		const r = await client.audio.transcriptions.create({
			file: fs.createReadStream(mp3),
			model: 'whisper-1',
			response_format: 'text',
		});
		expect(typeof r).toBe('string');
		expect(r.trim().length).toBeGreaterThan(0);
	});

	it('srt and vtt read as subtitles', async () => {
		const srt = await client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'whisper-1',
			response_format: 'srt',
		});
		expect(srt).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}/);
		const vtt = await client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'whisper-1',
			response_format: 'vtt',
		});
		expect(vtt).toMatch(/^WEBVTT/);
		expect(vtt).toMatch(/\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}/);
	});

	it('verbose_json with segment and word timestamps', async () => {
		const r = await client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'whisper-1',
			language: 'en',
			response_format: 'verbose_json',
			timestamp_granularities: ['word', 'segment'],
		});
		const v = openAiVerboseSchema.parse(r);
		expect(v).toMatchObject({ task: 'transcribe', language: 'english' });
		expect(v.duration).toBeCloseTo((speech.length * 2) / 16000 + 2, 1);
		expect(v.segments?.length).toBeGreaterThan(0);
		expect(v.words?.length).toBeGreaterThan(0);
		for (const s of v.segments!) expect(s.end).toBeLessThanOrEqual(v.duration + 0.01);
	});

	it('translations', async () => {
		const r = await client.audio.translations.create({
			file: await toFile(fs.readFileSync(wav), 'call.wav'),
			model: 'whisper-1',
			response_format: 'verbose_json',
		});
		expect(openAiVerboseSchema.parse(r).task).toBe('translate');
	});

	it('models list whisper-1 and the local models', async () => {
		const ids = [];
		for await (const m of client.models.list()) ids.push(m.id);
		expect(ids).toEqual(['whisper-1', 'whisper-test']);
	});

	it('errors reach the SDK with their message and status', async () => {
		const missing = client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'large-v3',
		});
		await expect(missing).rejects.toMatchObject({ status: 503, code: 'model_unavailable' });
		const bad = client.audio.transcriptions.create({
			file: await toFile(Buffer.from('not audio'), 'notes.mp3'),
			model: 'whisper-1',
		});
		await expect(bad).rejects.toMatchObject({ status: 415, code: 'unsupported_media' });
		const format = client.audio.transcriptions.create({
			file: fs.createReadStream(wav),
			model: 'whisper-1',
			response_format: 'xml' as 'json',
		});
		await expect(format).rejects.toMatchObject({ status: 422 });
		expect(fs.readdirSync(path.join(server.dataDir, 'tmp'))).toEqual([]);
	});
});
