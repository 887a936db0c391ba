import { randomUUID } from 'node:crypto';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { ApiKeyRecord, AuthSessionRecord } from '../infra/db/records';
import type { ApiKeyService } from './api-keys';
import { randomSecret, sha256 } from './secrets';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export interface NewSession {
	/** The cookie value: a random secret; only its hash is stored. */
	token: string;
	session: AuthSessionRecord;
}

/**
 * Signed-in browsers. The cookie holds a random token, the database its hash, so a forged or
 * tampered cookie matches nothing and a stolen database holds no usable cookie. A session made
 * with an API key ends when that key is revoked.
 */
export class BrowserSessions {
	private readonly endListeners = new Set<(sessionId: string) => void>();

	constructor(
		private readonly repos: Pick<Repositories, 'authSessions'>,
		private readonly apiKeys: ApiKeyService,
	) {}

	create(apiKeyId: string | null): NewSession {
		const now = new Date();
		this.repos.authSessions.deleteExpired(now.toISOString());
		const token = randomSecret();
		const session: AuthSessionRecord = {
			id: randomUUID(),
			tokenHash: sha256(token),
			apiKeyId,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
		};
		this.repos.authSessions.insert(session);
		return { token, session };
	}

	/** The live session for this cookie value and its key, or undefined (unknown, expired, key
	 * revoked). */
	verify(token: string): { session: AuthSessionRecord; key: ApiKeyRecord | null } | undefined {
		const session = this.repos.authSessions.findByHash(sha256(token));
		if (!session || Date.parse(session.expiresAt) <= Date.now()) return undefined;
		if (!session.apiKeyId) return { session, key: null };
		const key = this.apiKeys.getActive(session.apiKeyId);
		return key ? { session, key } : undefined;
	}

	/** Signs out; unknown tokens are ignored. */
	end(token: string): void {
		const session = this.repos.authSessions.findByHash(sha256(token));
		if (!session) return;
		this.repos.authSessions.delete(session.id);
		for (const fn of this.endListeners) fn(session.id);
	}

	onEnd(fn: (sessionId: string) => void): () => void {
		this.endListeners.add(fn);
		return () => this.endListeners.delete(fn);
	}
}
