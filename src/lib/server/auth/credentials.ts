import { SESSION_COOKIE } from '../../contracts/auth';
import type { ApiKeyRecord } from '../infra/db/records';
import type { ApiKeyService } from './api-keys';
import type { BrowserSessions } from './sessions';

/** What a request or socket handshake presented. */
export interface Credentials {
	/** From `Authorization: Bearer`, `X-API-Key` or a socket's `auth.token`. */
	key?: string;
	/** The session cookie's value. */
	session?: string;
}

/** Who a request is, once its credentials checked out. */
export type Principal =
	| { method: 'api_key'; key: ApiKeyRecord; sessionId: null }
	| { method: 'session'; key: ApiKeyRecord | null; sessionId: string };

export type AuthOutcome =
	{ ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'bad_key' | 'bad_session' };

/**
 * The identity that owns what a request or socket creates (recording sessions): its API key,
 * else its browser session; null for a request without credentials (a server without keys).
 */
export function identityOf(who: { keyId: string | null; sessionId: string | null } | null) {
	if (who?.keyId) return `key:${who.keyId}`;
	if (who?.sessionId) return `session:${who.sessionId}`;
	return null;
}

/** identityOf for an authenticated request. */
export const principalIdentity = (p: Principal | null): string | null =>
	identityOf(p && { keyId: p.key?.id ?? null, sessionId: p.sessionId });

type HeaderGetter = (name: string) => string | null | undefined;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function readCredentials(header: HeaderGetter, handshakeToken?: unknown): Credentials {
	const bearer = BEARER.exec(header('authorization') ?? '')?.[1];
	const key =
		bearer ??
		(header('x-api-key')?.trim() || undefined) ??
		(typeof handshakeToken === 'string' && handshakeToken ? handshakeToken : undefined);
	return { key, session: readCookie(header('cookie'), SESSION_COOKIE) };
}

function readCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
	for (const part of (cookieHeader ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
	}
	return undefined;
}

/**
 * Checks credentials against the database on every call (no cache), so revocation is
 * immediate. A presented key decides alone: a wrong key is refused even with a valid cookie.
 */
export function authenticate(
	creds: Credentials,
	apiKeys: ApiKeyService,
	sessions: BrowserSessions,
): AuthOutcome {
	if (creds.key !== undefined) {
		const key = apiKeys.verify(creds.key);
		return key
			? { ok: true, principal: { method: 'api_key', key, sessionId: null } }
			: { ok: false, reason: 'bad_key' };
	}
	if (creds.session !== undefined) {
		const found = sessions.verify(creds.session);
		if (!found) return { ok: false, reason: 'bad_session' };
		return {
			ok: true,
			principal: { method: 'session', key: found.key, sessionId: found.session.id },
		};
	}
	return { ok: false, reason: 'missing' };
}
