import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyListResponseSchema, createApiKeyResponseSchema } from '../../src/lib/contracts/auth';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { NAMESPACES } from '../../src/lib/contracts/events';
import { rawGet } from '../helpers/raw-http';
import { runServerToExit, startServer, type RunningServer } from '../helpers/server';
import { connectSocket, handshake, once, type SocketOpts } from '../helpers/sockets';

const KEY = 'ms_' + 'k'.repeat(43);
const WRONG = 'ms_' + 'w'.repeat(43);
const ALLOWED = 'https://allowed.example';
const FOREIGN = 'https://evil.example';
const UUID = '00000000-0000-4000-8000-000000000000';

interface Call {
	method?: string;
	key?: string;
	cookie?: string;
	headers?: Record<string, string>;
	body?: unknown;
}

function caller(server: () => RunningServer) {
	return (path: string, { method = 'GET', key, cookie, headers = {}, body }: Call = {}) =>
		fetch(server().url + path, {
			method,
			redirect: 'manual',
			headers: {
				...(key ? { authorization: `Bearer ${key}` } : {}),
				...(cookie ? { cookie } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
}

async function envelope(res: Response, status: number, code: string) {
	expect(res.status).toBe(status);
	const body = errorEnvelopeSchema.parse(await res.json());
	expect(body.error_code).toBe(code);
	return body;
}

/** Posts the /login form as a browser would (same origin, wanting HTML). */
function loginForm(server: RunningServer, fields: Record<string, string>) {
	return fetch(server.url + '/login', {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: new URLSearchParams(fields).toString(),
	});
}

function sessionCookie(res: Response): { value: string; attributes: string[] } {
	const line = res.headers.getSetCookie().find((c) => c.startsWith('ms_session='));
	expect(line).toBeDefined();
	const [pair, ...attributes] = (line as string).split(';').map((s) => s.trim());
	return { value: (pair as string).slice('ms_session='.length), attributes };
}

describe('with REQUIRE_AUTH on loopback', () => {
	let server: RunningServer;
	const api = caller(() => server);

	beforeAll(async () => {
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: KEY,
			CORS_ORIGINS: ALLOWED,
			AUTH_RATE_LIMIT_PER_MIN: '1000',
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	describe('REST', () => {
		it('answers 401 on every non-public operation without a key, or with a wrong one', async () => {
			const doc = (await (await api('/api/openapi.json', { key: KEY })).json()) as {
				paths: Record<string, Record<string, { security?: unknown[] }>>;
			};
			let checked = 0;
			for (const [path, ops] of Object.entries(doc.paths)) {
				if (path === '/api/docs' || path === '/api/docs/reference') continue; // pages: redirect
				for (const [method, op] of Object.entries(ops)) {
					if (op.security?.length === 0) continue;
					const url = path.replace(/\{[^}]+\}/g, UUID);
					const body = method === 'get' || method === 'delete' ? undefined : {};
					for (const key of [undefined, WRONG]) {
						const res = await api(url, { method: method.toUpperCase(), key, body });
						await envelope(res, 401, 'UNAUTHORIZED');
						expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
					}
					checked++;
				}
			}
			expect(checked).toBeGreaterThanOrEqual(9);
			await envelope(await api('/v1/models'), 401, 'UNAUTHORIZED');
			await envelope(await api('/api/v1/no-such-route'), 401, 'UNAUTHORIZED');
		});

		it('keeps the public routes open', async () => {
			expect((await api('/api')).status).toBe(200);
			expect((await api('/api/health')).status).toBe(200);
			const session = (await (await api('/api/v1/auth/session')).json()) as Record<string, unknown>;
			expect(session).toMatchObject({ auth_required: true, authenticated: false, method: null });
		});

		it('accepts the key as a Bearer token and as X-API-Key', async () => {
			expect((await api('/api/v1/system/config', { key: KEY })).status).toBe(200);
			const res = await api('/api/v1/system/config', { headers: { 'x-api-key': KEY } });
			expect(res.status).toBe(200);
			const who = await api('/api/v1/auth/session', { key: KEY });
			expect(await who.json()).toMatchObject({
				authenticated: true,
				method: 'api_key',
				key: { name: 'MEETINGSCRIBE_API_KEY', prefix: 'ms_kkkkkkkk' },
			});
		});

		it('sends pages to /login', async () => {
			const home = await api('/');
			expect(home.status).toBe(303);
			expect(home.headers.get('location')).toBe('/login');
			const docs = await api('/api/docs');
			expect(docs.status).toBe(303);
			expect(docs.headers.get('location')).toBe('/login?next=%2Fapi%2Fdocs');
			expect((await api('/api/docs', { key: KEY })).status).toBe(200);
			const reference = await api('/api/docs/reference');
			expect(reference.headers.get('location')).toBe('/login?next=%2Fapi%2Fdocs%2Freference');
			expect((await api('/api/docs/reference', { key: KEY })).status).toBe(200);
		});
	});

	describe('Socket.IO', () => {
		it('refuses a handshake without a key or with a wrong one, on every namespace', async () => {
			for (const nsp of NAMESPACES) {
				const refused: SocketOpts[] = [
					{},
					{ auth: { token: WRONG } },
					{ extraHeaders: { 'x-api-key': WRONG } },
				];
				for (const opts of refused) {
					const result = await handshake(server.url, nsp, opts);
					expect(result.ok, nsp).toBe(false);
					if (!result.ok) expect(result.data?.error_code).toBe('UNAUTHORIZED');
				}
			}
		});

		it('accepts a key as auth.token, Authorization or X-API-Key, on every namespace', async () => {
			for (const nsp of NAMESPACES) {
				const accepted: SocketOpts[] = [
					{ auth: { token: KEY } },
					{ extraHeaders: { authorization: `Bearer ${KEY}` } },
					{ extraHeaders: { 'x-api-key': KEY } },
				];
				for (const opts of accepted) {
					const result = await handshake(server.url, nsp, opts);
					expect(result.ok, `${nsp} ${JSON.stringify(opts)}`).toBe(true);
					if (result.ok) result.socket.close();
				}
			}
		});
	});

	describe('API keys', () => {
		it('are shown once, listed by prefix, and stop working the moment they are revoked', async () => {
			const created = await api('/api/v1/system/keys', {
				method: 'POST',
				key: KEY,
				body: { name: 'ci runner' },
			});
			expect(created.status).toBe(201);
			expect(created.headers.get('cache-control')).toBe('no-store');
			const { api_key, secret } = createApiKeyResponseSchema.parse(await created.json());
			expect(secret).toMatch(/^ms_[\w-]{43}$/);
			expect(api_key.prefix).toBe(secret.slice(0, 11));

			const listed = apiKeyListResponseSchema.parse(
				await (await api('/api/v1/system/keys', { key: KEY })).json(),
			);
			expect(listed.keys.map((k) => k.id)).toContain(api_key.id);
			expect(JSON.stringify(listed)).not.toContain(secret);

			expect((await api('/api/v1/system/status', { key: secret })).status).toBe(200);
			const live = await handshake(server.url, '/system', { auth: { token: secret } });
			expect(live.ok).toBe(true);
			const dropped = live.ok
				? once(live.socket, 'disconnect')
				: Promise.reject(new Error('no socket'));

			const revoked = await api(`/api/v1/system/keys/${api_key.id}`, {
				method: 'DELETE',
				key: KEY,
			});
			expect(revoked.status).toBe(200);
			const { api_key: after } = (await revoked.json()) as { api_key: { revoked_at: string } };
			expect(after.revoked_at).toEqual(expect.any(String));

			await envelope(await api('/api/v1/system/status', { key: secret }), 401, 'UNAUTHORIZED');
			expect(await dropped).toBe('io server disconnect');
			const again = await handshake(server.url, '/system', { auth: { token: secret } });
			expect(again.ok).toBe(false);

			const twice = await api(`/api/v1/system/keys/${api_key.id}`, { method: 'DELETE', key: KEY });
			expect(twice.status).toBe(200);
			await envelope(
				await api(`/api/v1/system/keys/${UUID}`, { method: 'DELETE', key: KEY }),
				404,
				'NOT_FOUND',
			);
		});

		it('refuse to revoke the last active key', async () => {
			const listed = apiKeyListResponseSchema.parse(
				await (await api('/api/v1/system/keys', { key: KEY })).json(),
			);
			const active = listed.keys.filter((k) => !k.revoked_at);
			expect(active.map((k) => k.name)).toEqual(['MEETINGSCRIBE_API_KEY']);
			const res = await api(`/api/v1/system/keys/${active[0]?.id}`, { method: 'DELETE', key: KEY });
			await envelope(res, 409, 'CONFLICT');
		});

		it('validate names and refuse traversal in the id', async () => {
			for (const body of [
				{},
				{ name: '' },
				{ name: 'x'.repeat(101) },
				{ name: 'a', admin: true },
			]) {
				const res = await api('/api/v1/system/keys', { method: 'POST', key: KEY, body });
				await envelope(res, 422, 'VALIDATION_ERROR');
			}
			// (A bare %2E%2E segment never arrives: URL parsing resolves it like '..', client-side.)
			const ids = [
				'..%2F..%2Fetc%2Fpasswd',
				'%2e%2e%2fsecret',
				'..%5C..%5Cwin.ini',
				'a%00b',
				'x'.repeat(300),
			];
			for (const id of ids) {
				const res = await api(`/api/v1/system/keys/${id}`, { method: 'DELETE', key: KEY });
				expect([400, 404], id).toContain(res.status);
				errorEnvelopeSchema.parse(await res.json());
			}
		});
	});

	describe('browser sign-in', () => {
		it('turns a pasted key into an HttpOnly, SameSite=Strict session cookie', async () => {
			const page = await api('/login');
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('API key');

			expect((await loginForm(server, { api_key: WRONG })).status).toBe(401);
			const res = await loginForm(server, { api_key: KEY, next: '/api/docs' });
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/api/docs');
			const { value, attributes } = sessionCookie(res);
			expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
			// Plain HTTP here: Secure would make browsers drop it.
			expect(attributes).not.toContain('Secure');
			const cookie = `ms_session=${value}`;

			expect((await api('/api/v1/system/status', { cookie })).status).toBe(200);
			expect((await api('/', { cookie })).status).toBe(200);
			expect(await (await api('/api/v1/auth/session', { cookie })).json()).toMatchObject({
				authenticated: true,
				method: 'session',
				key: { prefix: 'ms_kkkkkkkk' },
			});

			// Writes with the cookie: same origin only, never cross-origin (not even listed ones).
			const put = (origin: string) =>
				api('/api/v1/system/config', {
					method: 'PUT',
					cookie,
					headers: { origin },
					body: { debug: true },
				});
			expect((await put(server.url)).status).toBe(200);
			await envelope(await put(ALLOWED), 403, 'FORBIDDEN');

			expect((await api('/api/v1/auth/logout', { method: 'POST', cookie })).status).toBe(200);
			await envelope(await api('/api/v1/system/status', { cookie }), 401, 'UNAUTHORIZED');
		});

		it('refuses forged and unsigned cookies', async () => {
			for (const value of ['forged', 'a'.repeat(43), KEY, `${UUID}.signature`]) {
				const cookie = `ms_session=${value}`;
				await envelope(await api('/api/v1/system/status', { cookie }), 401, 'UNAUTHORIZED');
				const page = await api('/', { cookie });
				expect(page.status).toBe(303);
				expect(page.headers.get('set-cookie')).toMatch(/ms_session=;.*Max-Age=0/);
			}
		});

		it('accepts the one-time link printed at start-up exactly once', async () => {
			const token = /\/login\?token=([\w-]+)/.exec(server.output())?.[1];
			expect(token).toBeDefined();
			const page = await api(`/login?token=${token}`);
			expect(await page.text()).toContain('Continue');
			const first = await loginForm(server, { token: token as string });
			expect(first.status).toBe(303);
			const cookie = `ms_session=${sessionCookie(first).value}`;
			expect((await api('/api/v1/system/status', { cookie })).status).toBe(200);
			expect((await loginForm(server, { token: token as string })).status).toBe(401);
		});

		it('has a JSON login endpoint, and sessions end with their key', async () => {
			const created = createApiKeyResponseSchema.parse(
				await (
					await api('/api/v1/system/keys', { method: 'POST', key: KEY, body: { name: 'browser' } })
				).json(),
			);
			const login = (body: unknown) => api('/api/v1/auth/login', { method: 'POST', body });
			await envelope(await login({ api_key: WRONG }), 401, 'UNAUTHORIZED');
			await envelope(await login({}), 422, 'VALIDATION_ERROR');
			await envelope(await login({ api_key: KEY, token: 'x' }), 422, 'VALIDATION_ERROR');
			const res = await login({ api_key: created.secret });
			expect(res.status).toBe(200);
			const cookie = `ms_session=${sessionCookie(res).value}`;
			expect((await api('/api/v1/system/status', { cookie })).status).toBe(200);
			const socket = await handshake(server.url, '/transcription', { extraHeaders: { cookie } });
			expect(socket.ok).toBe(true);
			const dropped = socket.ok
				? once(socket.socket, 'disconnect')
				: Promise.reject(new Error('no socket'));

			await api(`/api/v1/system/keys/${created.api_key.id}`, { method: 'DELETE', key: KEY });
			await envelope(await api('/api/v1/system/status', { cookie }), 401, 'UNAUTHORIZED');
			await dropped;
		});
	});

	describe('CORS', () => {
		it('refuses preflights from unlisted origins and answers listed ones', async () => {
			const preflight = (origin: string) =>
				api('/api/v1/system/config', {
					method: 'OPTIONS',
					headers: {
						origin,
						'access-control-request-method': 'PUT',
						'access-control-request-headers': 'authorization, content-type',
					},
				});
			const refused = await preflight(FOREIGN);
			await envelope(refused, 403, 'FORBIDDEN');
			expect(refused.headers.get('access-control-allow-origin')).toBeNull();

			const allowed = await preflight(ALLOWED);
			expect(allowed.status).toBe(204);
			expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
			expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
			expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
		});

		it('lets listed origins read responses, and nobody else', async () => {
			const get = (origin: string) =>
				api('/api/v1/system/config', { key: KEY, headers: { origin } });
			const listed = await get(ALLOWED);
			expect(listed.status).toBe(200);
			expect(listed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
			expect(listed.headers.get('access-control-expose-headers')).toContain('retry-after');
			const foreign = await get(FOREIGN);
			expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
			const same = await get(server.url);
			expect(same.status).toBe(200);
			expect(same.headers.get('access-control-allow-origin')).toBeNull();

			const write = (origin: string) =>
				api('/api/v1/system/config', {
					method: 'PUT',
					key: KEY,
					headers: { origin },
					body: { debug: false },
				});
			await envelope(await write(FOREIGN), 403, 'FORBIDDEN');
			expect((await write(ALLOWED)).status).toBe(200);
		});

		it('applies the same list to Socket.IO', async () => {
			const foreign = await handshake(server.url, '/system', {
				auth: { token: KEY },
				extraHeaders: { origin: FOREIGN },
			});
			expect(foreign.ok).toBe(false);
			const listed = await handshake(server.url, '/system', {
				auth: { token: KEY },
				extraHeaders: { origin: ALLOWED },
			});
			expect(listed.ok).toBe(true);
			if (listed.ok) listed.socket.close();
		});
	});

	describe('headers and sizes', () => {
		it('sets the security headers on every kind of response', async () => {
			const responses = {
				json: await api('/api/v1/system/config', { key: KEY }),
				refused: await api('/api/v1/system/config'),
				notFound: await api('/api/nowhere', { key: KEY }),
				page: await api('/login'),
				asset: await api('/favicon.svg'),
			};
			for (const [kind, res] of Object.entries(responses)) {
				expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff');
				expect(res.headers.get('referrer-policy'), kind).toBe('no-referrer');
				expect(res.headers.get('x-frame-options'), kind).toBe('DENY');
				expect(res.headers.get('cross-origin-opener-policy'), kind).toBe('same-origin');
				expect(res.headers.get('permissions-policy'), kind).toContain('microphone=(self)');
				expect(res.headers.get('permissions-policy'), kind).toContain('display-capture=(self)');
			}
			const pageCsp = responses.page.headers.get('content-security-policy') ?? '';
			expect(pageCsp).toContain("frame-ancestors 'none'");
			expect(pageCsp).toMatch(/script-src 'self'[^;]*'nonce-/);
			expect(pageCsp).toContain("object-src 'none'");
			expect(responses.json.headers.get('content-security-policy')).toContain("default-src 'none'");
		});

		it('refuses JSON bodies over 1 MB, declared or streamed', async () => {
			const big = JSON.stringify({ whisper_model: 'x'.repeat(1024 * 1024 + 10) });
			const declared = await fetch(server.url + '/api/v1/system/config', {
				method: 'PUT',
				headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
				body: big,
			});
			await envelope(declared, 413, 'PAYLOAD_TOO_LARGE');

			const chunk = new TextEncoder().encode(big);
			const streamed = await fetch(server.url + '/api/v1/system/config', {
				method: 'PUT',
				headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
				body: new ReadableStream({
					start(controller) {
						controller.enqueue(chunk);
						controller.close();
					},
				}),
				duplex: 'half',
			} as RequestInit);
			await envelope(streamed, 413, 'PAYLOAD_TOO_LARGE');
		});
	});
});

describe('rate limits', () => {
	let server: RunningServer;
	let owner: string;
	const api = caller(() => server);

	beforeAll(async () => {
		server = await startServer({
			REQUIRE_AUTH: 'true',
			MEETINGSCRIBE_API_KEY: KEY,
			RATE_LIMIT_PER_MIN: '30',
			AUTH_RATE_LIMIT_PER_MIN: '3',
		});
		// A key of its own for the check that failures never lock out a valid key: KEY's request
		// budget is spent by the per-key limit test.
		owner = createApiKeyResponseSchema.parse(
			await (
				await api('/api/v1/system/keys', { method: 'POST', key: KEY, body: { name: 'owner' } })
			).json(),
		).secret;
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('answer 429 with Retry-After past the per-key limit, per key, and recover', async () => {
		const other = createApiKeyResponseSchema.parse(
			await (
				await api('/api/v1/system/keys', { method: 'POST', key: KEY, body: { name: 'other' } })
			).json(),
		).secret;
		let limited: Response | undefined;
		for (let i = 0; i < 100 && !limited; i++) {
			const res = await api('/api/v1/system/config', { key: KEY });
			if (res.status === 429) limited = res;
			else expect(res.status).toBe(200);
		}
		expect(limited).toBeDefined();
		const retryAfter = Number(limited?.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		const body = await envelope(limited as Response, 429, 'RATE_LIMITED');
		expect(body.error_details).toMatchObject({ retry_after_seconds: retryAfter });

		expect((await api('/api/v1/system/config', { key: other })).status).toBe(200);

		await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
		expect((await api('/api/v1/system/config', { key: KEY })).status).toBe(200);
	});

	it('slow down failed authentications per address, on REST, sockets and the login form', async () => {
		for (let i = 0; i < 3; i++) {
			await envelope(await api('/api/v1/system/config', { key: WRONG }), 401, 'UNAUTHORIZED');
		}
		const limited = await api('/api/v1/system/config', { key: WRONG });
		await envelope(limited, 429, 'RATE_LIMITED');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		// Only failures are refused: the owner's right key still works everywhere (issue 16 #9).
		expect((await api('/api/v1/system/config', { key: owner })).status).toBe(200);
		const socket = await handshake(server.url, '/system', { auth: { token: owner } });
		expect(socket.ok ? 'accepted' : socket.data?.error_code).toBe('accepted');
		if (socket.ok) socket.socket.close();
		const guess = await handshake(server.url, '/system', { auth: { token: WRONG } });
		expect(guess.ok ? 'accepted' : guess.data?.error_code).toBe('RATE_LIMITED');
		expect((await loginForm(server, { api_key: WRONG })).status).toBe(429);
		expect((await loginForm(server, { api_key: owner })).status).toBe(303);
		// Requests without credentials are not guesses: they still get their 401.
		await envelope(await api('/api/v1/system/config'), 401, 'UNAUTHORIZED');
	});
});

describe('without API keys (loopback)', () => {
	let server: RunningServer;
	const api = caller(() => server);

	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.stop();
	});

	const withHost = (host: string) => rawGet(server.url, '/api/v1/system/config', { host });

	it('answers only to localhost names (no DNS rebinding)', async () => {
		const port = new URL(server.url).port;
		expect((await withHost(`localhost:${port}`)).status).toBe(200);
		const refused = await withHost(`rebind.evil.example:${port}`);
		expect(refused.status).toBe(403);
		expect(errorEnvelopeSchema.parse(JSON.parse(refused.body)).error_code).toBe('FORBIDDEN');
		const socket = connectSocket(server.url, '/system', {
			extraHeaders: { host: `rebind.evil.example:${port}` },
		});
		await once(socket, 'connect_error');
		socket.close();
	});

	it('refuses writes from other sites (CSRF against localhost)', async () => {
		const res = await fetch(server.url + '/api/v1/system/config', {
			method: 'PUT',
			headers: { origin: FOREIGN, 'content-type': 'text/plain' },
			body: JSON.stringify({ debug: true }),
		});
		await envelope(res, 403, 'FORBIDDEN');
		const config = (await (await api('/api/v1/system/config')).json()) as { debug: boolean };
		expect(config.debug).toBe(false);
	});

	it('keeps everything open to local clients', async () => {
		expect((await api('/api/v1/system/status')).status).toBe(200);
		const result = await handshake(server.url, '/recording');
		expect(result.ok).toBe(true);
		if (result.ok) result.socket.close();
	});
});

describe('start-up', () => {
	it('refuses to start off loopback, or with REQUIRE_AUTH, without a key', async () => {
		const envs: Record<string, string>[] = [{ HOST: '0.0.0.0' }, { REQUIRE_AUTH: 'true' }];
		for (const env of envs) {
			const { code, output } = await runServerToExit(env);
			expect(code).toBe(1);
			expect(output).toContain('no active API key exists');
			expect(output).toContain('MEETINGSCRIBE_API_KEY');
			expect(output).not.toContain('is running at');
		}
	});

	it('refuses a short MEETINGSCRIBE_API_KEY without printing it', async () => {
		const { code, output } = await runServerToExit({ MEETINGSCRIBE_API_KEY: 'tiny-secret' });
		expect(code).toBe(1);
		expect(output).toContain('MEETINGSCRIBE_API_KEY');
		expect(output).not.toContain('tiny-secret');
	});
});
