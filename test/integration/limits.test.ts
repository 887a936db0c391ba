import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingResponseSchema, type RecordingSession } from '../../src/lib/contracts/audio';
import { createApiKeyResponseSchema } from '../../src/lib/contracts/auth';
import { captureAckSchema } from '../../src/lib/contracts/capture';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { send } from '../helpers/capture';
import { writeWav } from '../helpers/files';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { connectSocket, once } from '../helpers/sockets';

/** Per-identity limits (issue 16, items 7 and 13), each with a small setting. */

const KEY = 'ms_' + 'l'.repeat(43);

async function newKey(server: RunningServer): Promise<string> {
	const res = await fetch(server.url + '/api/v1/system/keys', {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'someone else' }),
	});
	return createApiKeyResponseSchema.parse(await res.json()).secret;
}

function api(server: RunningServer, key = KEY) {
	return async (p: string, init: RequestInit = {}) => {
		const res = await fetch(server.url + '/api/v1' + p, {
			...init,
			headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
		});
		return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
	};
}

const json = (body: unknown): RequestInit => ({
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body),
});

const pcmInit = (frames: number): RequestInit => ({
	method: 'POST',
	headers: { 'content-type': 'application/octet-stream' },
	body: new Uint8Array(frames * 2).fill(7).buffer,
});

function errorOf(res: { status: number; body: unknown }, status: number, code: string) {
	expect(res.status).toBe(status);
	const body = errorEnvelopeSchema.parse(res.body);
	expect(body.error_code).toBe(code);
	return body;
}

async function startSession(
	call: ReturnType<typeof api>,
	clientId: string,
): Promise<RecordingSession> {
	const res = await call('/audio/record', json({ client_id: clientId, channels: 1 }));
	expect(res.status).toBe(200);
	return startRecordingResponseSchema.parse(res.body).session;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('recording limits per identity', () => {
	let server: RunningServer;
	let other: string;
	beforeAll(async () => {
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: KEY,
			MAX_SESSIONS_PER_IDENTITY: '2',
			CHUNK_RATE_PER_MIN: '5',
			SESSION_IDLE_TIMEOUT_S: '0',
		});
		other = await newKey(server);
	});
	afterAll(() => server.stop());

	it('caps the sessions one key holds open, without touching another key', async () => {
		const mine = api(server);
		await startSession(mine, 'cap-a');
		const second = await startSession(mine, 'cap-b');
		const third = errorOf(
			await mine('/audio/record', json({ client_id: 'cap-c', channels: 1 })),
			409,
			'CONFLICT',
		);
		expect(third.error_details).toMatchObject({ open_sessions: 2, limit: 2 });
		// Another identity is not held back by this one's sessions.
		await startSession(api(server, other), 'cap-d');
		// Ending one frees its slot.
		expect((await mine(`/audio/sessions/${second.session_id}`, { method: 'DELETE' })).status).toBe(
			200,
		);
		await startSession(mine, 'cap-c');
	});

	it('refuses chunks past the rate on one socket with RATE_LIMITED and a retry hint', async () => {
		const session = await startSession(api(server, other), 'rate-socket');
		const socket = connectSocket(server.url, '/recording', { auth: { token: other } });
		await once(socket, 'connect');
		try {
			expect(await send(socket, 'capture:join', { session_id: session.session_id })).toMatchObject({
				ok: true,
			});
			const chunk = (seq: number) => ({
				session_id: session.session_id,
				seq,
				sample_index: seq * 1600,
				channels: 1,
				pcm: Buffer.alloc(3200, 1),
			});
			for (let seq = 0; seq < 5; seq++) {
				expect(await send(socket, 'capture:chunk', chunk(seq))).toMatchObject({ ok: true });
			}
			const refused = captureAckSchema.parse(await send(socket, 'capture:chunk', chunk(5)));
			expect(refused).toMatchObject({ ok: false, error_code: 'RATE_LIMITED' });
			expect(refused.ok === false && refused.retry_after_seconds).toBeGreaterThanOrEqual(1);
		} finally {
			socket.close();
		}
	});

	it('refuses HTTP chunks past the rate per identity with 429 and Retry-After', async () => {
		const mine = api(server, await newKey(server));
		const session = await startSession(mine, 'rate-http');
		const url = (i: number) =>
			`/audio/sessions/${session.session_id}/chunks?sample_index=${i * 1600}`;
		for (let i = 0; i < 5; i++) expect((await mine(url(i), pcmInit(1600))).status).toBe(200);
		const refused = await mine(url(5), pcmInit(1600));
		const body = errorOf(refused, 429, 'RATE_LIMITED');
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(body.error_details?.retry_after_seconds).toBeGreaterThanOrEqual(1);
	});
});

describe('recording updates between identities', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ REQUIRE_AUTH: 'true', MEETINGSCRIBE_API_KEY: KEY });
	});
	afterAll(() => server.stop());

	it("reach the session owner's sockets only", async () => {
		const other = await newKey(server);
		const listen = (key: string) => {
			const socket = connectSocket(server.url, '/recording', { auth: { token: key } });
			const seen: { session_id: string; data: { kind: string } }[] = [];
			socket.on('recording_update', (u: (typeof seen)[number]) => seen.push(u));
			return { socket, seen };
		};
		const mine = listen(KEY);
		const theirs = listen(other);
		try {
			await Promise.all([once(mine.socket, 'welcome'), once(theirs.socket, 'welcome')]);
			const secret = await startSession(api(server, other), 'private-client');
			await api(server, other)(`/audio/sessions/${secret.session_id}`, { method: 'DELETE' });
			const kinds = (u: typeof mine, id: string) =>
				u.seen.filter((x) => x.session_id === id).map((x) => x.data.kind);
			await until(() =>
				Promise.resolve(kinds(theirs, secret.session_id).includes('cancelled') || undefined),
			);
			expect(kinds(theirs, secret.session_id)).toEqual(['started', 'cancelled']);
			// My own session's start reaches me after anything sent to me before it.
			const own = await startSession(api(server), 'my-client');
			await until(() =>
				Promise.resolve(kinds(mine, own.session_id).includes('started') || undefined),
			);
			expect(kinds(mine, secret.session_id)).toEqual([]);
			expect(kinds(theirs, own.session_id)).toEqual([]);
		} finally {
			mine.socket.close();
			theirs.socket.close();
		}
	});
});

describe('sessions that stop receiving audio', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: KEY,
			SESSION_IDLE_TIMEOUT_S: '2',
		});
	});
	afterAll(() => server.stop());

	it('are finalised as interrupted after the idle timeout, their audio kept', async () => {
		const call = api(server);
		const session = await startSession(call, 'idle');
		const chunk = await call(
			`/audio/sessions/${session.session_id}/chunks?sample_index=0`,
			pcmInit(16000),
		);
		expect(chunk.status).toBe(200);
		const ended = await until(async () => {
			const res = await call(`/audio/sessions/${session.session_id}`);
			const s = (res.body as { session: RecordingSession }).session;
			// Wait past `stopping` too: finalising the file takes a moment on a busy machine.
			return ['pending', 'recording', 'paused', 'stopping'].includes(s.status) ? undefined : s;
		});
		expect(ended.status).toBe('interrupted');
		expect(ended.audio_file_id).toBeTruthy();
		expect(ended.duration_seconds).toBeCloseTo(1, 1);
		// The second of audio sent is in the finalised WAV (header + 16000 frames of 16 bits).
		const wav = path.join(server.dataDir, 'recordings', `${session.session_id}.wav`);
		expect(fs.statSync(wav).size).toBe(44 + 32000);
	});
});

describe('the transcription queue', () => {
	let redis: RunningRedis;
	let server: RunningServer;
	let wav: string;
	beforeAll(async () => {
		// Redis and no local runner (JOB_CONCURRENCY=0): jobs stay pending, as on a busy queue.
		redis = await startRedis();
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: KEY,
			REDIS_URL: redis.url,
			JOB_CONCURRENCY: '0',
			MAX_PENDING_JOBS_PER_IDENTITY: '2',
			MAX_PENDING_JOBS: '3',
		});
		wav = path.join(tempDir(), 'one.wav');
		writeWav(wav, 1);
	});
	afterAll(async () => {
		await server?.stop();
		await redis?.stop();
	});

	const upload = (key: string) => {
		const fd = new FormData();
		fd.append('file', new Blob([fs.readFileSync(wav)], { type: 'audio/wav' }), 'one.wav');
		return api(server, key)('/transcription/start', { method: 'POST', body: fd });
	};
	const recordings = async () =>
		(
			(await api(server)('/files/recordings?page_size=100')).body as {
				recordings?: unknown[];
				items?: unknown[];
				total_count?: number;
			}
		).total_count;

	it('caps pending jobs per identity and in total with 429 and Retry-After, keeping uploads', async () => {
		expect((await upload(KEY)).status).toBe(202);
		const first = (await upload(KEY)) as {
			status: number;
			body: { job: { audio_file_id: string } };
		};
		expect(first.status).toBe(202);

		// A third from the same key: refused, but the upload is kept and named.
		const before = await recordings();
		const mine = await upload(KEY);
		const refused = errorOf(mine, 429, 'RATE_LIMITED');
		expect(Number(mine.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const storedId = refused.error_details?.audio_file_id as string;
		expect(storedId).toBeTruthy();
		expect(await recordings()).toBe((before ?? 0) + 1);

		// Another key still has room per identity, until the total is reached.
		const other = await newKey(server);
		expect((await upload(other)).status).toBe(202);
		const full = await upload(other);
		errorOf(full, 429, 'RATE_LIMITED');
		expect(full.headers.get('retry-after')).toBeTruthy();

		// A stored recording too: JSON start of an existing file is refused the same way.
		const again = await api(server)('/transcription/start', json({ audio_file_id: storedId }));
		errorOf(again, 429, 'RATE_LIMITED');
		expect(again.headers.get('retry-after')).toBeTruthy();
	});
});
