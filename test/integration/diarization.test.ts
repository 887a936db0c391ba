import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportResponseSchema } from '../../src/lib/contracts/files';
import { openAiVerboseSchema } from '../../src/lib/contracts/openai';
import {
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionResult,
} from '../../src/lib/contracts/transcription';
import { diarizationModelsDir } from '../helpers/diarization';
import { writePcmWav } from '../helpers/media';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { conversation, LINES } from '../unit/diarization/voices';

const modelsDir = diarizationModelsDir();
const talk = conversation(LINES);
const wav = writePcmWav(path.join(tempDir('meetingscribe-media-'), 'three voices.wav'), [
	talk.samples,
]);
let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ MODELS_DIR: modelsDir });
});
afterAll(async () => {
	await server?.stop();
});

async function transcribe(fields: Record<string, string>): Promise<TranscriptionResult> {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.set(k, v);
	fd.set('file', new Blob([fs.readFileSync(wav)]), 'three voices.wav');
	const res = await fetch(`${server.url}/api/v1/transcription/start`, { method: 'POST', body: fd });
	expect(res.status).toBe(202);
	const { job_id } = transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
	for (const until = Date.now() + 60_000; ;) {
		const r = await fetch(`${server.url}/api/v1/transcription/result/${job_id}`);
		if (r.status === 200) return transcriptionResultSchema.parse(await r.json());
		const job = transcriptionJobSchema.parse(
			await (await fetch(`${server.url}/api/v1/transcription/status/${job_id}`)).json(),
		);
		if (job.status === 'failed') throw new Error(`job failed: ${job.error_message}`);
		if (Date.now() > until) throw new Error(`job ${job_id} did not complete`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('voice diarization in transcription jobs', () => {
	it('labels the voices of an upload and exports the same turns as RTTM', async () => {
		const result = await transcribe({ enable_speaker_detection: 'true', word_timestamps: 'true' });
		expect(result.speakers_detected.length).toBeGreaterThanOrEqual(2);
		for (const name of result.speakers_detected) expect(name).toMatch(/^Speaker \d$/);
		const turns = result.speaker_turns!;
		expect(new Set(turns.map((t) => t.speaker_id)).size).toBe(result.speakers_detected.length);

		const res = await fetch(`${server.url}/api/v1/files/export`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ transcription_id: result.transcription_id, formats: ['rttm'] }),
		});
		const [file] = exportResponseSchema.parse(await res.json()).export_files;
		const rttm = await (await fetch(`${server.url}/api/v1/files/download/${file!.id}`)).text();
		const lines = rttm.trimEnd().split('\n');
		expect(lines).toHaveLength(turns.length);
		lines.forEach((line, i) => {
			const [kind, , channel, onset, duration, , , name] = line.split(' ');
			expect([kind, channel]).toEqual(['SPEAKER', '1']);
			expect(Number(onset)).toBeCloseTo(turns[i]!.start_time, 3);
			expect(Number(onset) + Number(duration)).toBeCloseTo(turns[i]!.end_time, 3);
			expect(name).toMatch(/^Speaker_\d$/);
		});
	});

	it('leaves speakers out when speaker detection is off', async () => {
		const result = await transcribe({ enable_speaker_detection: 'false' });
		expect(result.speakers_detected).toEqual([]);
		expect(result.speaker_turns).toBeUndefined();
	});
});

async function putConfig(body: Record<string, unknown>): Promise<Response> {
	return fetch(`${server.url}/api/v1/system/config`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

describe('speaker counts in the settings', () => {
	it('are used when the request does not say, and the request wins when it does', async () => {
		expect((await putConfig({ num_speakers: 1 })).status).toBe(200);
		try {
			const fromSettings = await transcribe({ enable_speaker_detection: 'true' });
			expect(fromSettings.speakers_detected).toEqual(['Speaker 1']);
			const fromRequest = await transcribe({ enable_speaker_detection: 'true', max_speakers: '3' });
			expect(fromRequest.speakers_detected.length).toBeGreaterThanOrEqual(2);
		} finally {
			expect((await putConfig({ num_speakers: null })).status).toBe(200);
		}
	});

	it('refuses a minimum above the maximum, naming the field', async () => {
		const res = await putConfig({ min_speakers: 4, max_speakers: 2 });
		expect(res.status).toBe(422);
		const body = (await res.json()) as { error_details: { fields: { path: string }[] } };
		expect(body.error_details.fields.map((f) => f.path)).toContain('min_speakers');
		const config = (await (await fetch(`${server.url}/api/v1/system/config`)).json()) as Record<
			string,
			unknown
		>;
		expect([config.min_speakers, config.max_speakers]).toEqual([null, null]);
	});
});

describe('the OpenAI-compatible endpoint with diarize=true', () => {
	async function openAi(fields: Record<string, string>) {
		const fd = new FormData();
		for (const [k, v] of Object.entries(fields)) fd.set(k, v);
		fd.set('file', new Blob([fs.readFileSync(wav)]), 'three voices.wav');
		return fetch(`${server.url}/v1/audio/transcriptions`, { method: 'POST', body: fd });
	}

	it('labels verbose_json segments with the voices', async () => {
		const res = await openAi({
			model: 'whisper-1',
			response_format: 'verbose_json',
			diarize: 'true',
		});
		expect(res.status).toBe(200);
		const body = openAiVerboseSchema.parse(await res.json());
		const speakers = new Set(body.segments!.map((s) => s.speaker));
		expect(speakers.size).toBeGreaterThanOrEqual(2);
		for (const s of body.segments!) {
			expect(s.speaker).toMatch(/^Speaker \d$/);
			expect(s.speaker_id).toBe(`speaker-${s.speaker!.slice(8)}`);
		}
	});

	it('answers as OpenAI does without it', async () => {
		const res = await openAi({ model: 'whisper-1', response_format: 'verbose_json' });
		const body = (await res.json()) as { segments: Record<string, unknown>[] };
		expect(body.segments.length).toBeGreaterThan(0);
		for (const s of body.segments) expect(s).not.toHaveProperty('speaker');
	});
});
