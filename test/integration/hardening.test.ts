import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, fieldPaths } from '../helpers/envelope';
import { writeWav } from '../helpers/files';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { connectSocket } from '../helpers/sockets';

/** Findings of the security review (issue 16) that each failed on the code before its fix. */

const SEED = 'seeded-operator-secret-' + 'z'.repeat(24);
const WRONG = 'ms_' + 'w'.repeat(43);

describe('failed authentications never lock out a valid key', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: SEED,
			AUTH_RATE_LIMIT_PER_MIN: '10',
		});
	});
	afterAll(() => server.stop());

	const get = (key: string) =>
		fetch(`${server.url}/api/v1/system/status`, { headers: { authorization: `Bearer ${key}` } });

	it('refuses wrong keys with 401, then 429 past the limit, while the right key still works', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) statuses.push((await get(WRONG)).status);
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
		expect(statuses.slice(10)).toEqual([429, 429]);
		expect((await get(SEED)).status).toBe(200);
		await expectEnvelope(await get(WRONG), 429, 'RATE_LIMITED');
	});

	it('signs a browser in with the right key even after many failed sign-ins', async () => {
		const signIn = (api_key: string) =>
			fetch(`${server.url}/api/v1/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify({ api_key }),
			});
		expect((await signIn(WRONG)).status).toBe(429);
		const ok = await signIn(SEED);
		expect(ok.status).toBe(200);
		expect(ok.headers.getSetCookie().some((c) => c.startsWith('ms_session='))).toBe(true);
	});

	it("refuses anonymous sockets on every namespace, the default '/' included", async () => {
		// `connect` or `connect_error`: '/' sends no welcome, so the handshake helper cannot be used.
		const outcome = (nsp: string, auth?: { token: string }) =>
			new Promise<string>((resolve) => {
				const socket = connectSocket(server.url, nsp, auth ? { auth } : {});
				socket.once('connect', () => {
					socket.close();
					resolve('connected');
				});
				socket.once('connect_error', (err: Error & { data?: { error_code?: string } }) => {
					socket.close();
					resolve(err.data?.error_code ?? err.message);
				});
			});
		for (const nsp of ['/', '/recording', '/transcription', '/system']) {
			expect(await outcome(nsp), nsp).toBe('UNAUTHORIZED');
			expect(await outcome(nsp, { token: SEED }), nsp).toBe('connected');
		}
	});

	it('lists a seeded key by a label that is no part of its secret', async () => {
		const res = await get(SEED).then(() =>
			fetch(`${server.url}/api/v1/system/keys`, { headers: { authorization: `Bearer ${SEED}` } }),
		);
		const body = (await res.json()) as { keys: { prefix: string; id: string }[] };
		expect(body.keys).toHaveLength(1);
		const [key] = body.keys;
		expect(key!.prefix).toBe(`key-${key!.id.slice(0, 8)}`);
		expect(SEED.startsWith(key!.prefix.slice(0, 4))).toBe(false);
		expect(JSON.stringify(body)).not.toContain(SEED.slice(0, 4));
	});
});

describe('protocol edges and uploads', () => {
	let server: RunningServer;
	let wav: string;
	beforeAll(async () => {
		server = await startServer();
		wav = path.join(tempDir(), 'tone.wav');
		writeWav(wav, 1);
	});
	afterAll(() => server.stop());

	const recordingsCount = async () =>
		(
			(await (await fetch(`${server.url}/api/v1/files/recordings`)).json()) as {
				total_count: number;
			}
		).total_count;
	const stored = (area: string) =>
		fs.existsSync(path.join(server.dataDir, area))
			? fs.readdirSync(path.join(server.dataDir, area))
			: [];

	it('answers the bare /v1 and unknown /v1 paths with a 404 envelope', async () => {
		await expectEnvelope(await fetch(`${server.url}/v1`), 404, 'NOT_FOUND');
		await expectEnvelope(await fetch(`${server.url}/v1/nothing/here`), 404, 'NOT_FOUND');
	});

	it('refuses a JSON route body sent as text/plain with 415, changing nothing', async () => {
		const res = await fetch(`${server.url}/api/v1/system/config`, {
			method: 'PUT',
			headers: { 'content-type': 'text/plain' },
			body: JSON.stringify({ whisper_language: 'de' }),
		});
		await expectEnvelope(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
		const config = (await (await fetch(`${server.url}/api/v1/system/config`)).json()) as {
			whisper_language: string | null;
		};
		expect(config.whisper_language).not.toBe('de');
	});

	const upload = (parts: [string, Blob, string?][], fields: Record<string, string> = {}) => {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		for (const [name, blob, filename] of parts) form.append(name, blob, filename ?? 'tone.wav');
		return fetch(`${server.url}/api/v1/transcription/start`, { method: 'POST', body: form });
	};
	const wavBlob = () => new Blob([fs.readFileSync(wav)], { type: 'audio/wav' });

	it('refuses two file parts, naming the field, and stores nothing', async () => {
		const body = await expectEnvelope(
			await upload([
				['file', wavBlob()],
				['file', wavBlob()],
			]),
			422,
			'VALIDATION_ERROR',
		);
		expect(fieldPaths(body)).toContain('file');
		expect(await recordingsCount()).toBe(0);
		expect(stored('uploads')).toEqual([]);
		expect(stored('tmp')).toEqual([]);
	});

	it('refuses a file under another field name, naming it, and stores nothing', async () => {
		const body = await expectEnvelope(
			await upload([['audio', wavBlob()]]),
			422,
			'VALIDATION_ERROR',
		);
		expect(fieldPaths(body)).toContain('audio');
		expect(await recordingsCount()).toBe(0);
		expect(stored('tmp')).toEqual([]);
	});

	it('refuses an upload whose options name an unknown model, storing nothing', async () => {
		const res = await upload([['file', wavBlob()]], { model: 'no-such-model' });
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(600);
		expect(res.status).not.toBe(500);
		expect(await recordingsCount()).toBe(0);
		expect(stored('uploads')).toEqual([]);
		expect(stored('tmp')).toEqual([]);
	});
});

describe('stalled request bodies', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ UPLOAD_IDLE_TIMEOUT_S: '1' });
	});
	afterAll(() => server.stop());

	/** Sends the head and the first bytes of a body, then nothing; resolves with the answer. */
	function stall(
		method: string,
		path: string,
		contentType: string,
		first: string,
	): Promise<string> {
		const { hostname, port } = new URL(server.url);
		return new Promise((resolve, reject) => {
			const socket = net.connect(Number(port), hostname, () => {
				socket.write(
					`${method} ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: ${contentType}\r\n` +
						`Content-Length: 100000\r\nConnection: close\r\n\r\n${first}`,
				);
			});
			let answer = '';
			socket.on('data', (d: Buffer) => (answer += d.toString()));
			socket.on('close', () => resolve(answer));
			socket.on('error', reject);
		});
	}

	it('answers a stalled upload with a 408 envelope and keeps none of it', async () => {
		const boundary = 'x-boundary';
		const answer = await stall(
			'POST',
			'/api/v1/transcription/start',
			`multipart/form-data; boundary=${boundary}`,
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF`,
		);
		expect(answer).toMatch(/^HTTP\/1\.1 408/);
		expect(answer).toContain('"error_code":"REQUEST_TIMEOUT"');
		await expect
			.poll(() => fs.readdirSync(path.join(server.dataDir, 'tmp')), { timeout: 10_000 })
			.toEqual([]);
	});

	it('answers a stalled JSON body with a 408 envelope', async () => {
		const answer = await stall('PUT', '/api/v1/system/config', 'application/json', '{"whisper_la');
		expect(answer).toMatch(/^HTTP\/1\.1 408/);
		expect(answer).toContain('"error_code":"REQUEST_TIMEOUT"');
	});
});
