import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
	type RecordingSession,
} from '../../src/lib/contracts/audio';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import {
	transcriptionJobResponseSchema,
	transcriptionResultResponseSchema,
} from '../../src/lib/contracts/transcription';
import { call as request } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { readWav, testSignal } from '../helpers/wav';

/** Each documented setting of PUT /api/v1/system/config, and what it changes. */
let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

/** A JSON call under /api/v1 of this file's server. */
const call = (p: string, method = 'GET', body?: unknown) =>
	request(server.url + '/api/v1' + p, method, body);

async function configure(patch: Record<string, unknown>) {
	const res = await call('/system/config', 'PUT', patch);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function record(body: Record<string, unknown> = {}): Promise<RecordingSession> {
	const res = await call('/audio/record', 'POST', body);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return startRecordingResponseSchema.parse(res.body).session;
}

const cancel = (id: string) => call(`/audio/sessions/${id}`, 'DELETE');

describe('settings that take effect', () => {
	it('audio_sample_rate: new sessions store audio at that rate, and transcription resamples it', async () => {
		await configure({ audio_sample_rate: 48000 });
		const session = await record();
		expect(session.sample_rate).toBe(48000);
		const pcm = testSignal(48000, 1);
		const res = await fetch(
			`${server.url}/api/v1/audio/sessions/${session.session_id}/chunks?sample_index=0`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/octet-stream' },
				body: new Uint8Array(pcm).buffer,
			},
		);
		expect(res.status).toBe(200);
		const stopped = stopRecordingResponseSchema.parse(
			(await call('/audio/stop', 'POST', { session_id: session.session_id })).body,
		);
		expect(stopped.audio_file?.sample_rate).toBe(48000);
		expect(stopped.audio_file?.duration_seconds).toBeCloseTo(1, 3);
		const wav = readWav(path.join(server.dataDir, stopped.audio_file!.path));
		expect(wav.sampleRate).toBe(48000);
		expect(wav.data.equals(pcm)).toBe(true);

		// Read at 16 kHz for the model: one second stays one second.
		const started = (await call('/transcription/start', 'POST', {
			audio_file_id: stopped.audio_file!.id,
		})) as { status: number; body: { job: { job_id: string } } };
		expect(started.status).toBe(202);
		const jobId = started.body.job.job_id;
		for (const until = Date.now() + 60_000; ;) {
			const job = transcriptionJobResponseSchema.parse(
				(await call(`/transcription/status/${jobId}`)).body,
			);
			if (job.status === 'completed') break;
			expect(['pending', 'running']).toContain(job.status);
			expect(Date.now()).toBeLessThan(until);
			await new Promise((r) => setTimeout(r, 100));
		}
		const result = transcriptionResultResponseSchema.parse(
			(await call(`/transcription/result/${jobId}`)).body,
		);
		expect(result.total_duration).toBeCloseTo(1, 1);

		// A request's sample_rate wins over the setting.
		const asked = await record({ sample_rate: 22050 });
		expect(asked.sample_rate).toBe(22050);
		await cancel(asked.session_id);
		await configure({ audio_sample_rate: 16000 });
		const back = await record();
		expect(back.sample_rate).toBe(16000);
		await cancel(back.session_id);
	});

	it('audio_channels: the channel count of new sessions that do not name theirs', async () => {
		await configure({ audio_channels: 2 });
		const stereo = await record();
		expect(stereo.channels).toBe(2);
		await cancel(stereo.session_id);
		const mono = await record({ channels: 1 });
		expect(mono.channels).toBe(1);
		await cancel(mono.session_id);
		await configure({ audio_channels: 1 });
		const again = await record();
		expect(again.channels).toBe(1);
		await cancel(again.session_id);

		// Sessions record 1 or 2 channels (microphone | tab): more is refused, naming the setting.
		const refused = await call('/system/config', 'PUT', { audio_channels: 4 });
		expect(refused.status).toBe(422);
		expect(JSON.stringify(errorEnvelopeSchema.parse(refused.body).error_details)).toContain(
			'audio_channels',
		);
	});

	it('chunk_duration: the chunk length sessions ask capture clients for (capped at 1 MiB a chunk)', async () => {
		await configure({ chunk_duration: 0.5 });
		const session = await record();
		expect(session.chunk_duration).toBe(0.5);
		await cancel(session.session_id);

		await configure({ chunk_duration: 5 });
		const wide = await record({ sample_rate: 192000, channels: 2 });
		// 5 s of 192 kHz stereo is 7.7 MB: the session asks for what fits in one chunk.
		expect(wide.chunk_duration).toBeCloseTo((1024 * 1024) / (192000 * 2 * 2), 2);
		await cancel(wide.session_id);
		await configure({ chunk_duration: 0.25 });
	});

	it('debug: every response carries its Server-Timing, and only while it is on', async () => {
		expect((await call('/system/status')).headers.get('server-timing')).toBeNull();
		await configure({ debug: true });
		const timed = (await call('/system/status')).headers.get('server-timing');
		expect(timed).toMatch(/^app;dur=\d+(\.\d+)?$/);
		await configure({ debug: false });
		expect((await call('/system/status')).headers.get('server-timing')).toBeNull();
	});
});
