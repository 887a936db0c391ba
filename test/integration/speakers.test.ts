import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import {
	startTranscriptionResponseSchema,
	transcriptionJobResponseSchema,
	transcriptionResultResponseSchema,
	type TranscriptionResult,
} from '../../src/lib/contracts/transcription';
import { concat, loadSpeech } from '../helpers/audio';
import { writePcmWav } from '../helpers/media';
import { call as request } from '../helpers/capture';
import { startServer, tempDir, type RunningServer } from '../helpers/server';

/** enable_speaker_detection: the request's field, else the setting (default on). */
let server: RunningServer;
const speech = loadSpeech();
// Speech on the first channel, then on the second: one speaker each.
const stereo = writePcmWav(path.join(tempDir('meetingscribe-speakers-'), 'two.wav'), [
	concat([speech, 1]),
	concat([1, speech]),
]);

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

/** A JSON call under /api/v1 of this file's server. */
const call = (p: string, method = 'GET', body?: unknown) =>
	request(server.url + '/api/v1' + p, method, body);

async function transcribe(fields: Record<string, string> = {}, audioFileId?: string) {
	let res: Response;
	if (audioFileId) {
		res = await fetch(server.url + '/api/v1/transcription/start', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ audio_file_id: audioFileId, ...fields }),
		});
	} else {
		const fd = new FormData();
		for (const [k, v] of Object.entries(fields)) fd.set(k, v);
		fd.set('file', new Blob([fs.readFileSync(stereo)]), 'two.wav');
		res = await fetch(server.url + '/api/v1/transcription/start', { method: 'POST', body: fd });
	}
	expect(res.status).toBe(202);
	const { job } = startTranscriptionResponseSchema.parse(await res.json());
	for (const until = Date.now() + 60_000; ;) {
		const now = transcriptionJobResponseSchema.parse(
			(await call(`/transcription/status/${job.job_id}`)).body,
		);
		if (now.status === 'completed') break;
		expect(['pending', 'running']).toContain(now.status);
		expect(Date.now()).toBeLessThan(until);
		await new Promise((r) => setTimeout(r, 100));
	}
	return transcriptionResultResponseSchema.parse(
		(await call(`/transcription/result/${job.job_id}`)).body,
	);
}

function expectNoSpeakers(result: TranscriptionResult) {
	expect(result.segments.length).toBeGreaterThan(0);
	expect(result.speakers_detected).toEqual([]);
	expect(result.speaker_turns).toBeUndefined();
	for (const s of result.segments) {
		expect(s.speaker_id).toBeNull();
		expect(s.speaker_name).toBeNull();
	}
}

describe('enable_speaker_detection', () => {
	it('labels the channels of an uploaded two-channel file by default, and not when asked', async () => {
		const on = await transcribe();
		expect(on.speakers_detected.sort()).toEqual(['Channel 1', 'Channel 2']);
		expect(on.segments.every((s) => s.speaker_name === `Channel ${s.channel! + 1}`)).toBe(true);
		expect(on.speaker_turns?.length).toBeGreaterThanOrEqual(2);
		expect(on.speaker_turns?.[0]?.speaker_id).toBe(on.segments[0]?.speaker_id);

		expectNoSpeakers(await transcribe({ enable_speaker_detection: 'false' }));
	});

	it('follows the setting when the request does not say, and the request wins over it', async () => {
		expect((await call('/system/config', 'PUT', { enable_speaker_detection: false })).status).toBe(
			200,
		);
		try {
			expectNoSpeakers(await transcribe());
			const asked = await transcribe({ enable_speaker_detection: 'true' });
			expect(asked.speakers_detected.sort()).toEqual(['Channel 1', 'Channel 2']);
		} finally {
			await call('/system/config', 'PUT', { enable_speaker_detection: true });
		}
	});

	it('labels a two-channel recording You and Remote, and nothing when detection is off', async () => {
		const started = await call('/audio/record', 'POST', { channels: 2 });
		const session = startRecordingResponseSchema.parse(started.body).session;
		const wav = fs.readFileSync(stereo).subarray(44);
		const res = await fetch(
			`${server.url}/api/v1/audio/sessions/${session.session_id}/chunks?sample_index=0`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/octet-stream' },
				body: new Uint8Array(wav).buffer,
			},
		);
		expect(res.status).toBe(200);
		const stopped = stopRecordingResponseSchema.parse(
			(await call('/audio/stop', 'POST', { session_id: session.session_id })).body,
		);
		const id = stopped.audio_file!.id;
		const on = await transcribe({}, id);
		expect(on.speakers_detected.sort()).toEqual(['Remote', 'You']);
		expect(on.segments.find((s) => s.channel === 0)?.speaker_name).toBe('You');
		expectNoSpeakers(await transcribe({ enable_speaker_detection: 'false' }, id));
	});
});
