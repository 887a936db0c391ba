import fs from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_PATH } from '../../src/lib/contracts/events';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import {
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionJob,
} from '../../src/lib/contracts/transcription';
import { concat, loadSpeech } from '../helpers/audio';
import { encode, writePcmWav } from '../helpers/media';
import { startServer, tempDir, type RunningServer } from '../helpers/server';

let server: RunningServer;
const media = tempDir('meetingscribe-media-');
const importDir = tempDir('meetingscribe-import-');
const speech = loadSpeech();
const wav = writePcmWav(path.join(media, 'meeting.wav'), [concat([0.5, speech, 1, speech, 0.5])]);
const mp3 = encode(wav, 'mp3');
const longWav = writePcmWav(path.join(media, 'long.wav'), [
	concat(Array.from({ length: 12 }, () => [speech, 5]).flat()),
]);

beforeAll(async () => {
	fs.copyFileSync(wav, path.join(importDir, 'inside.wav'));
	server = await startServer({ IMPORT_DIR: importDir, MAX_UPLOAD_MB: '4' });
});
afterAll(async () => {
	await server?.stop();
});

function form(
	file: string | Blob,
	fields: Record<string, string> = {},
	name = 'upload.wav',
): FormData {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.set(k, v);
	fd.set(
		'file',
		typeof file === 'string' ? new Blob([fs.readFileSync(file)]) : file,
		typeof file === 'string' ? path.basename(file) : name,
	);
	return fd;
}

async function start(body: FormData | Record<string, unknown>) {
	return fetch(`${server.url}/api/v1/transcription/start`, {
		method: 'POST',
		...(body instanceof FormData
			? { body }
			: { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
	});
}

async function startOk(body: FormData | Record<string, unknown>): Promise<TranscriptionJob> {
	const res = await start(body);
	const json = (await res.json()) as { job: unknown };
	expect(res.status, JSON.stringify(json)).toBe(202);
	return transcriptionJobSchema.parse(json.job);
}

async function waitFor(
	jobId: string,
	statuses: string[],
	timeoutMs = 60_000,
): Promise<TranscriptionJob> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const job = transcriptionJobSchema.parse(
			await (await fetch(`${server.url}/api/v1/transcription/status/${jobId}`)).json(),
		);
		if (statuses.includes(job.status)) return job;
		if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

async function expectError(res: Response, status: number, code: string) {
	const body = errorEnvelopeSchema.parse(await res.json());
	expect(res.status, body.message).toBe(status);
	expect(body.error_code).toBe(code);
	return body;
}

describe('file transcription jobs', () => {
	it('an uploaded WAV goes pending → running → completed, with progress pushed over Socket.IO', async () => {
		const socket = connect(`${server.url}/transcription`, {
			path: SOCKET_PATH,
			transports: ['websocket'],
		});
		const updates: { job_id: string; data: { status: string; progress: number } }[] = [];
		socket.on('transcription_update', (u: (typeof updates)[number]) => updates.push(u));
		await new Promise((r) => socket.once('welcome', r));

		const job = await startOk(form(wav, { word_timestamps: 'true' }));
		expect(job.status).toBe('pending');
		expect(job.audio_file_info?.filename).toBe('meeting.wav');
		expect(job.audio_file_info?.duration_seconds).toBeCloseTo((speech.length * 2) / 16000 + 2, 1);

		const done = await waitFor(job.job_id, ['completed', 'failed']);
		expect(done).toMatchObject({ status: 'completed', progress: 1, model_used: 'whisper-test' });
		expect(
			done.started_at && done.completed_at && done.completed_at >= done.started_at,
		).toBeTruthy();

		const res = await fetch(`${server.url}/api/v1/transcription/result/${job.job_id}`);
		const result = transcriptionResultSchema.parse(await res.json());
		expect(result.segments.length).toBeGreaterThan(0);
		expect(result.segments[0]?.words?.length).toBeGreaterThan(0);
		expect(result.word_count).toBe(result.full_text.split(/\s+/).filter(Boolean).length);
		expect(result.total_duration).toBeCloseTo(job.audio_file_info!.duration_seconds, 1);

		await expect
			.poll(() => updates.filter((u) => u.job_id === job.job_id).map((u) => u.data.status))
			.toContain('completed');
		const mine = updates.filter((u) => u.job_id === job.job_id);
		expect(mine.map((u) => u.data.status)).toEqual(
			expect.arrayContaining(['running', 'completed']),
		);
		socket.close();
	});

	it('transcribes an mp3, and a stored recording by its id', async () => {
		const job = await startOk(form(mp3, { language: 'en' }));
		const done = await waitFor(job.job_id, ['completed', 'failed']);
		expect(done.status).toBe('completed');
		expect(done.language).toBe('en');
		const again = await startOk({
			audio_file_id: job.audio_file_info!.id,
			model_size: 'tiny',
			model: 'whisper-test',
		});
		expect((await waitFor(again.job_id, ['completed', 'failed'])).status).toBe('completed');
	});

	it('imports only from inside IMPORT_DIR', async () => {
		const ok = await startOk({ audio_file_path: 'inside.wav' });
		expect((await waitFor(ok.job_id, ['completed', 'failed'])).status).toBe('completed');
		for (const p of ['../outside.wav', wav, '/etc/passwd', 'inside.wav/../../x', 'missing.wav']) {
			await expectError(await start({ audio_file_path: p }), 403, 'FORBIDDEN');
		}
	});

	it('result is 409 JOB_NOT_COMPLETED until done, and a running job can be cancelled', async () => {
		const job = await startOk(form(longWav));
		await expectError(
			await fetch(`${server.url}/api/v1/transcription/result/${job.job_id}`),
			409,
			'JOB_NOT_COMPLETED',
		);
		await waitFor(job.job_id, ['running']);
		const res = await fetch(`${server.url}/api/v1/transcription/cancel/${job.job_id}`, {
			method: 'DELETE',
		});
		expect(res.status).toBe(200);
		const cancelled = await waitFor(job.job_id, ['cancelled', 'completed', 'failed'], 30_000);
		expect(cancelled.status).toBe('cancelled');
		await expectError(
			await fetch(`${server.url}/api/v1/transcription/cancel/${job.job_id}`, { method: 'DELETE' }),
			409,
			'CONFLICT',
		);
	});

	it('lists local and downloadable models', async () => {
		const body = (await (await fetch(`${server.url}/api/v1/transcription/models`)).json()) as {
			local_models: { id: string; dtypes: string[] }[];
			downloadable_models: { name: string }[];
		};
		expect(body.local_models).toEqual([
			expect.objectContaining({ id: 'whisper-test', dtypes: ['fp32', 'q8'] }),
		]);
		expect(body.downloadable_models.map((m) => m.name)).toEqual(
			expect.arrayContaining([
				'tiny',
				'base',
				'small',
				'medium',
				'large-v3',
				'large-v3-turbo',
				'distil-large-v3',
			]),
		);
	});
});

describe('bad input to /transcription', () => {
	it('unknown and path-like job ids', async () => {
		await expectError(
			await fetch(`${server.url}/api/v1/transcription/status/nope`),
			404,
			'NOT_FOUND',
		);
		await expectError(
			await fetch(`${server.url}/api/v1/transcription/status/..%2F..%2Fetc%2Fpasswd`),
			400,
			'BAD_REQUEST',
		);
		await expectError(
			await fetch(`${server.url}/api/v1/transcription/result/a%20b`),
			400,
			'BAD_REQUEST',
		);
	});

	it('malformed JSON, wrong types, no source, unknown ids', async () => {
		const bad = await fetch(`${server.url}/api/v1/transcription/start`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"audio_file_id": ',
		});
		await expectError(bad, 422, 'VALIDATION_ERROR');
		const types = await expectError(
			await start({ audio_file_id: 5, temperature: 'hot', model_size: 'huge' }),
			422,
			'VALIDATION_ERROR',
		);
		const paths = (types.error_details?.fields as { path: string }[]).map((f) => f.path);
		expect(paths).toEqual(expect.arrayContaining(['audio_file_id', 'temperature', 'model_size']));
		await expectError(await start({}), 422, 'VALIDATION_ERROR');
		await expectError(await start({ audio_file_id: 'does-not-exist' }), 404, 'NOT_FOUND');
		await expectError(await start({ audio_file_id: '../../etc/passwd' }), 400, 'BAD_REQUEST');
	});

	it('a missing model is 503 MODEL_UNAVAILABLE saying where and how', async () => {
		const body = await expectError(
			await start(form(wav, { model_size: 'large' })),
			503,
			'MODEL_UNAVAILABLE',
		);
		expect(body.error_details).toMatchObject({
			model: 'large',
			pull_command: expect.stringContaining('models pull') as unknown,
		});
	});

	it('zero bytes, text with an audio name and type, and garbage are 415 with a reason', async () => {
		await expectError(await start(form(new Blob([]), {}, 'empty.wav')), 415, 'UNSUPPORTED_MEDIA');
		const lying = new Blob(['this is not audio at all\n'.repeat(100)], { type: 'audio/mpeg' });
		const body = await expectError(
			await start(form(lying, {}, 'song.mp3')),
			415,
			'UNSUPPORTED_MEDIA',
		);
		expect(body.error_details?.reason).toBeTruthy();
		const garbage = new Blob([new Uint8Array(8192).map((_, i) => (i * 31) % 256)]);
		await expectError(await start(form(garbage, {}, 'x.webm')), 415, 'UNSUPPORTED_MEDIA');
	});

	it('an upload over MAX_UPLOAD_MB is 413 and leaves nothing behind', async () => {
		const big = new Blob([new Uint8Array(5 * 1024 * 1024)]);
		await expectError(await start(form(big, {}, 'big.wav')), 413, 'PAYLOAD_TOO_LARGE');
		expect(fs.readdirSync(path.join(server.dataDir, 'tmp'))).toEqual([]);
	});

	it('an upload cut off mid-way is a 400 and the server keeps working', async () => {
		const boundary = 'XBOUNDARY';
		const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
		const res = await fetch(`${server.url}/api/v1/transcription/start`, {
			method: 'POST',
			headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
			body: head + 'RIFF....WAVEfmt ', // no closing boundary: the body ends mid-file
		});
		await expectError(res, 400, 'BAD_REQUEST');
		expect(fs.readdirSync(path.join(server.dataDir, 'tmp'))).toEqual([]);
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});
});

describe('restarts', () => {
	it('a job running when the server is killed is re-queued and completes after restart', async () => {
		const dataDir = tempDir();
		const first = await startServer({ DATA_DIR: dataDir });
		const res = await fetch(`${first.url}/api/v1/transcription/start`, {
			method: 'POST',
			body: form(longWav),
		});
		const { job } = (await res.json()) as { job: TranscriptionJob };
		const poll = async () =>
			(
				(await (
					await fetch(`${first.url}/api/v1/transcription/status/${job.job_id}`)
				).json()) as TranscriptionJob
			).status;
		await expect.poll(poll, { timeout: 30_000 }).toBe('running');
		await first.stop('SIGKILL');

		const second = await startServer({ DATA_DIR: dataDir });
		try {
			const until = Date.now() + 60_000;
			let status = '';
			while (Date.now() < until && status !== 'completed') {
				status = (
					(await (
						await fetch(`${second.url}/api/v1/transcription/status/${job.job_id}`)
					).json()) as TranscriptionJob
				).status;
				await new Promise((r) => setTimeout(r, 200));
			}
			expect(status).toBe('completed');
			expect(second.output()).toContain('re-queueing a job interrupted by a restart');
		} finally {
			await second.stop();
		}
	});
});
