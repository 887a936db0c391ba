import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../src/lib/server/infra/config/env';
import { openDatabase } from '../../../src/lib/server/infra/db/connection';
import { createSqliteRepositories } from '../../../src/lib/server/infra/db/repositories/sqlite';
import { ApiKeyService } from '../../../src/lib/server/auth/api-keys';
import { authenticate, readCredentials } from '../../../src/lib/server/auth/credentials';
import {
	isCrossOrigin,
	isLoopbackHost,
	isSameOrigin,
	OriginPolicy,
} from '../../../src/lib/server/auth/origins';
import { TokenBucketLimiter } from '../../../src/lib/server/auth/rate-limit';
import { sha256 } from '../../../src/lib/server/auth/secrets';
import { BrowserSessions } from '../../../src/lib/server/auth/sessions';
import { safeNext } from '../../../src/lib/server/auth/sign-in';
import { SIGN_IN_LINK_TTL_MS, SignInLinks } from '../../../src/lib/server/auth/sign-in-links';

function services(keepOneActive = false) {
	const { db } = openDatabase(':memory:');
	const repos = createSqliteRepositories(db);
	const apiKeys = new ApiKeyService(repos, keepOneActive);
	return { db, repos, apiKeys, sessions: new BrowserSessions(repos, apiKeys) };
}

describe('API keys', () => {
	it('are random ms_ secrets, stored only as SHA-256 and listed by prefix', () => {
		const { apiKeys, repos } = services();
		const { apiKey, secret } = apiKeys.create('  laptop ');
		expect(secret).toMatch(/^ms_[A-Za-z0-9_-]{43}$/);
		expect(apiKey).toMatchObject({ name: 'laptop', prefix: secret.slice(0, 11), revoked_at: null });
		const stored = repos.apiKeys.get(apiKey.id);
		expect(stored?.secretHash).toBe(sha256(secret));
		expect(JSON.stringify(repos.apiKeys.list())).not.toContain(secret.slice(11));
		expect(apiKeys.create('other').secret).not.toBe(secret);
		expect(
			apiKeys
				.list()
				.map((k) => k.name)
				.sort(),
		).toEqual(['laptop', 'other']);
	});

	it('verify only active keys; revocation is immediate and idempotent', () => {
		const { apiKeys } = services();
		const { apiKey, secret } = apiKeys.create('a');
		expect(apiKeys.verify(secret)?.id).toBe(apiKey.id);
		expect(apiKeys.verify(secret + 'x')).toBeUndefined();
		const revoked: string[] = [];
		apiKeys.onRevoke((id) => revoked.push(id));
		expect(apiKeys.revoke(apiKey.id).revoked_at).not.toBeNull();
		expect(apiKeys.verify(secret)).toBeUndefined();
		expect(apiKeys.revoke(apiKey.id).id).toBe(apiKey.id);
		expect(revoked).toEqual([apiKey.id]);
	});

	it('refuse unknown and malformed ids', () => {
		const { apiKeys } = services();
		expect(() => apiKeys.revoke('00000000-0000-4000-8000-000000000000')).toThrow(/not found/);
		expect(() => apiKeys.revoke('../../etc/passwd')).toThrow(/Invalid key id/);
	});

	it('keep the last active key when keys are required', () => {
		const { apiKeys } = services(true);
		const a = apiKeys.create('a').apiKey;
		const b = apiKeys.create('b').apiKey;
		apiKeys.revoke(a.id);
		expect(() => apiKeys.revoke(b.id)).toThrow(/last active API key/);
		expect(apiKeys.hasActiveKey()).toBe(true);
	});

	it('seed a chosen key once, and never revive a revoked one', () => {
		const { apiKeys } = services();
		const chosen = 'x'.repeat(40);
		expect(apiKeys.seed('env', chosen)).toBe('created');
		expect(apiKeys.seed('env', chosen)).toBe('exists');
		const key = apiKeys.verify(chosen);
		// Listed by a label made from its id: no part of a chosen secret is shown (issue 16 #10).
		expect(key?.prefix).toBe(`key-${key!.id.slice(0, 8)}`);
		apiKeys.revoke(key!.id);
		expect(apiKeys.seed('env', chosen)).toBe('revoked');
		expect(apiKeys.verify(chosen)).toBeUndefined();
	});
});

describe('browser sessions', () => {
	it('accept the token they issued, nothing forged, and end with their key', () => {
		const { apiKeys, sessions } = services();
		const { apiKey } = apiKeys.create('a');
		const { token, session } = sessions.create(apiKey.id);
		expect(sessions.verify(token)?.session.id).toBe(session.id);
		expect(sessions.verify(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
		expect(sessions.verify(session.id)).toBeUndefined();
		apiKeys.revoke(apiKey.id);
		expect(sessions.verify(token)).toBeUndefined();
	});

	it('expire, and end on sign-out', () => {
		const { db, sessions } = services();
		const old = sessions.create(null);
		db.prepare("UPDATE auth_sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
		expect(sessions.verify(old.token)).toBeUndefined();
		const fresh = sessions.create(null);
		const ended: string[] = [];
		sessions.onEnd((id) => ended.push(id));
		sessions.end(fresh.token);
		expect(sessions.verify(fresh.token)).toBeUndefined();
		expect(ended).toEqual([fresh.session.id]);
	});
});

describe('authenticate', () => {
	it('decides by the key when one is sent, else by the cookie', () => {
		const { apiKeys, sessions } = services();
		const { secret } = apiKeys.create('a');
		const { token } = sessions.create(null);
		const check = (headers: Record<string, string>, handshake?: unknown) =>
			authenticate(
				readCredentials((n) => headers[n], handshake),
				apiKeys,
				sessions,
			);
		expect(check({ authorization: `Bearer ${secret}` })).toMatchObject({ ok: true });
		expect(check({ authorization: `bearer   ${secret} ` })).toMatchObject({ ok: true });
		expect(check({ 'x-api-key': secret })).toMatchObject({ ok: true });
		expect(check({}, secret)).toMatchObject({ ok: true, principal: { method: 'api_key' } });
		expect(check({ cookie: `a=b; ms_session=${token}` })).toMatchObject({
			ok: true,
			principal: { method: 'session' },
		});
		expect(check({ 'x-api-key': 'wrong', cookie: `ms_session=${token}` })).toEqual({
			ok: false,
			reason: 'bad_key',
		});
		expect(check({ cookie: 'ms_session=forged' })).toEqual({ ok: false, reason: 'bad_session' });
		expect(check({ authorization: 'Basic abc' })).toEqual({ ok: false, reason: 'missing' });
	});
});

describe('sign-in links', () => {
	it('work once, and not after ten minutes', () => {
		let now = 0;
		const links = new SignInLinks(() => now);
		const a = links.issue();
		expect(links.consume(a)).toBe(true);
		expect(links.consume(a)).toBe(false);
		const b = links.issue();
		now += SIGN_IN_LINK_TTL_MS + 1;
		expect(links.consume(b)).toBe(false);
		expect(links.consume('made-up')).toBe(false);
	});

	it('redirect only to local paths afterwards', () => {
		expect(safeNext('/api/docs')).toBe('/api/docs');
		for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '', null]) {
			expect(safeNext(bad)).toBe('/');
		}
	});
});

describe('token bucket', () => {
	it('allows a burst of the per-minute limit, then refills continuously', () => {
		let now = 0;
		const limiter = new TokenBucketLimiter(60, () => now);
		for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
		expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
		expect(limiter.take('b').allowed).toBe(true);
		now += 1000;
		expect(limiter.check('a').allowed).toBe(true);
		expect(limiter.take('a').allowed).toBe(true);
		expect(limiter.take('a').allowed).toBe(false);
	});

	it('says how long to wait, and 0 means unlimited', () => {
		const slow = new TokenBucketLimiter(2, () => 0);
		slow.take('a');
		slow.take('a');
		expect(slow.take('a').retryAfterSeconds).toBe(30);
		const off = new TokenBucketLimiter(0);
		for (let i = 0; i < 1000; i++) expect(off.take('a').allowed).toBe(true);
	});
});

describe('origins and hosts', () => {
	it('compare an Origin with the Host it was sent to', () => {
		expect(isSameOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
		expect(isSameOrigin('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
		expect(isSameOrigin('null', '127.0.0.1:3000')).toBe(false);
		expect(isSameOrigin('http://a', undefined)).toBe(false);
	});

	it('trust Sec-Fetch-Site over Origin (no-referrer makes same-origin posts say Origin: null)', () => {
		const host = '127.0.0.1:3000';
		expect(isCrossOrigin('null', 'same-origin', host)).toBe(false);
		expect(isCrossOrigin(null, 'none', host)).toBe(false);
		expect(isCrossOrigin('http://127.0.0.1:3000', 'same-site', host)).toBe(true);
		expect(isCrossOrigin('https://evil.example', 'cross-site', host)).toBe(true);
		expect(isCrossOrigin('https://evil.example', null, host)).toBe(true);
		expect(isCrossOrigin('null', undefined, host)).toBe(true);
		expect(isCrossOrigin('http://127.0.0.1:3000', null, host)).toBe(false);
		expect(isCrossOrigin(null, null, host)).toBe(false);
	});

	it('allow listed origins, or any with *', () => {
		expect(new OriginPolicy(['https://a.example']).allows('https://a.example')).toBe(true);
		expect(new OriginPolicy(['https://a.example']).allows('https://b.example')).toBe(false);
		expect(new OriginPolicy([]).allows('https://a.example')).toBe(false);
		expect(new OriginPolicy(['*']).allows('https://b.example')).toBe(true);
		expect(new OriginPolicy(['*']).allows('null')).toBe(false);
	});

	it('recognise loopback Host headers only', () => {
		for (const h of ['localhost:3000', '127.0.0.1', '127.4.5.6:80', '[::1]:3000', 'app.localhost'])
			expect(isLoopbackHost(h), h).toBe(true);
		for (const h of ['evil.example:3000', '192.168.1.2', '127.0.0.1.evil.example', '', null])
			expect(isLoopbackHost(h), String(h)).toBe(false);
	});
});

describe('security configuration', () => {
	it('requires keys off loopback or when asked, and parses the allow-list', () => {
		expect(parseEnv({}).authRequired).toBe(false);
		expect(parseEnv({ REQUIRE_AUTH: 'true' }).authRequired).toBe(true);
		expect(parseEnv({ HOST: '0.0.0.0' }).authRequired).toBe(true);
		const c = parseEnv({ CORS_ORIGINS: ' https://a.example , http://b.example:8080,' });
		expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'http://b.example:8080']);
		expect(c.RATE_LIMIT_PER_MIN).toBe(600);
		expect(c.AUTH_RATE_LIMIT_PER_MIN).toBe(10);
	});

	it('refuses bad origins and short keys without printing the key', () => {
		let error: unknown;
		try {
			parseEnv({ CORS_ORIGINS: 'https://a.example/path', MEETINGSCRIBE_API_KEY: 'short-secret' });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const { message } = error as ConfigError;
		expect(message).toContain('CORS_ORIGINS');
		expect(message).toContain('MEETINGSCRIBE_API_KEY=(hidden)');
		expect(message).not.toContain('short-secret');
	});
});
