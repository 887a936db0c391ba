import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	chunkAckResponseSchema,
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
	type RecordingSession,
} from '../../src/lib/contracts/audio';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { createApiKeyResponseSchema } from '../../src/lib/contracts/auth';
import { SOCKET_PATH } from '../../src/lib/contracts/events';
import { io as connect } from 'socket.io-client';
import { startServer, type RunningServer } from '../helpers/server';
import { readWav, testSignal } from '../helpers/wav';

const KEY = 'ms_' + 'h'.repeat(43);
let server: RunningServer;
let otherKey: string;

beforeAll(async () => {
	server = await startServer({ REQUIRE_AUTH: 'true', MEETINGSCRIBE_API_KEY: KEY });
	const res = await fetch(server.url + '/api/v1/system/keys', {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'someone else' }),
	});
	otherKey = createApiKeyResponseSchema.parse(await res.json()).secret;
});
afterAll(async () => {
	await server?.stop();
});

async function call(p: string, init: RequestInit & { key?: string } = {}) {
	const res = await fetch(server.url + '/api/v1/audio' + p, {
		...init,
		headers: { authorization: `Bearer ${init.key ?? KEY}`, ...(init.headers ?? {}) },
	});
	return { status: res.status, body: (await res.json()) as unknown };
}

const post = (p: string, body: unknown, key?: string) =>
	call(p, {
		method: 'POST',
		key,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

/** A copy of the bytes as the ArrayBuffer fetch wants. */
const bytes = (pcm: Uint8Array): ArrayBuffer => new Uint8Array(pcm).buffer;

const sendPcm = (id: string, sampleIndex: number, pcm: Uint8Array, init: RequestInit = {}) =>
	call(`/sessions/${id}/chunks?sample_index=${sampleIndex}`, {
		method: 'POST',
		headers: { 'content-type': 'application/octet-stream' },
		body: bytes(pcm),
		...init,
	});

async function start(body: Record<string, unknown> = {}): Promise<RecordingSession> {
	const res = await post('/record', body);
	expect(res.status).toBe(200);
	return startRecordingResponseSchema.parse(res.body).session;
}

function expectError(res: { status: number; body: unknown }, status: number, code: string) {
	expect(res.status).toBe(status);
	const body = errorEnvelopeSchema.parse(res.body);
	expect(body.error_code).toBe(code);
	return body;
}

describe('POST /api/v1/audio/sessions/{id}/chunks', () => {
	it('records a session fed only over HTTP; stop stores exactly the bytes sent', async () => {
		const session = await start({ channels: 2 });
		const frames = 16000 * 3;
		const signal = testSignal(frames, 2);
		// Out of order, one chunk twice: the file is the same.
		const step = 4000;
		const order = [0, 2, 1, 3, 5, 4, 6, 7, 8, 9, 10, 11, 2];
		for (const i of order) {
			const pcm = signal.subarray(i * step * 4, (i + 1) * step * 4);
			const res = await sendPcm(session.session_id, i * step, pcm);
			expect(res.status).toBe(200);
			const ack = chunkAckResponseSchema.parse(res.body);
			expect(ack.frames).toBe(step);
			expect(ack.held.some((r) => r.start <= i * step && r.end >= (i + 1) * step)).toBe(true);
		}
		const last = chunkAckResponseSchema.parse(
			(await sendPcm(session.session_id, 0, signal.subarray(0, step * 4))).body,
		);
		expect(last.samples_written).toBe(frames);
		expect(last.held).toEqual([{ start: 0, end: frames }]);

		const stopped = stopRecordingResponseSchema.parse(
			(await post('/stop', { session_id: session.session_id })).body,
		);
		expect(stopped.session.duration_seconds).toBe(3);
		const wav = readWav(path.join(server.dataDir, stopped.audio_file!.path));
		expect(wav.channels).toBe(2);
		expect(wav.sampleRate).toBe(session.sample_rate);
		expect(wav.data.equals(signal)).toBe(true);
	});

	it('refuses a different rewrite of held samples, a chunk too far ahead, and partial frames', async () => {
		const session = await start();
		const pcm = testSignal(1600, 1);
		expect((await sendPcm(session.session_id, 0, pcm)).status).toBe(200);
		// Starts 400 frames in: its first 800 frames overlap held audio, with other samples.
		const other = randomBytes(pcm.byteLength);
		const conflict = expectError(await sendPcm(session.session_id, 400, other), 409, 'CONFLICT');
		expect(conflict.message).toMatch(/already held/);

		// 60 s at the session's rate past what is held contiguously from 0.
		const beyond = 1600 + 60 * session.sample_rate + 1;
		const far = expectError(await sendPcm(session.session_id, beyond, pcm), 400, 'BAD_REQUEST');
		expect(far.error_details).toMatchObject({ samples_written: 1600 });
		expect((await sendPcm(session.session_id, beyond - 1, pcm)).status).toBe(200);

		expectError(
			await sendPcm(session.session_id, 0, new Uint8Array(pcm.subarray(0, 3))),
			422,
			'VALIDATION_ERROR',
		);
		expectError(await sendPcm(session.session_id, -1, pcm), 422, 'VALIDATION_ERROR');
		await post('/stop', { session_id: session.session_id, save_file: false });
	});

	it('answers bad content types, unknown and stopped sessions with envelopes', async () => {
		const session = await start();
		const pcm = testSignal(160, 1);
		const typed = expectError(
			await sendPcm(session.session_id, 0, pcm, {
				headers: { 'content-type': 'audio/wav' },
			}),
			415,
			'UNSUPPORTED_MEDIA_TYPE',
		);
		expect(typed.error_details).toMatchObject({ expected: 'application/octet-stream' });
		expectError(await sendPcm('0b8c1f9e-0000-4000-8000-000000000000', 0, pcm), 404, 'NOT_FOUND');
		await post('/stop', { session_id: session.session_id });
		expectError(await sendPcm(session.session_id, 0, pcm), 409, 'SESSION_NOT_ACTIVE');
	});

	it('keeps sessions to the key that started them: to another key they do not exist', async () => {
		const session = await start();
		const id = session.session_id;
		const pcm = testSignal(160, 1);
		const foreign = await call(`/sessions/${id}/chunks?sample_index=0`, {
			method: 'POST',
			key: otherKey,
			headers: { 'content-type': 'application/octet-stream' },
			body: bytes(pcm),
		});
		expectError(foreign, 404, 'NOT_FOUND');
		expectError(await call(`/sessions/${id}`, { key: otherKey }), 404, 'NOT_FOUND');
		expectError(await post('/stop', { session_id: id }, otherKey), 404, 'NOT_FOUND');
		expect(await call('/sessions', { key: otherKey })).toMatchObject({ status: 200, body: [] });

		// The capture socket follows the same rule.
		const socket = connect(server.url + '/recording', {
			path: SOCKET_PATH,
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			auth: { token: otherKey },
		});
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			const ack = (await socket.timeout(10_000).emitWithAck('capture:join', {
				session_id: id,
			})) as { ok: boolean; error_code?: string };
			expect(ack).toMatchObject({ ok: false, error_code: 'NOT_FOUND' });
		} finally {
			socket.close();
		}
		expect((await sendPcm(id, 0, pcm)).status).toBe(200);
		expect((await post('/stop', { session_id: id })).status).toBe(200);
	});

	// Last: the server closes the connection of a body it refused as too large.
	it('refuses a chunk over 1 MiB with 413', async () => {
		const session = await start();
		expectError(
			await sendPcm(session.session_id, 0, new Uint8Array(1024 * 1024 + 2)),
			413,
			'PAYLOAD_TOO_LARGE',
		);
	});
});
