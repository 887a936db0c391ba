import { randomUUID } from 'node:crypto';
import type { ApiKey } from '../../contracts/auth';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { ApiKeyRecord, ApiKeyScope } from '../infra/db/records';
import { ConflictError, NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { randomSecret, sha256 } from './secrets';

export const KEY_PREFIX = 'ms_';
/** `ms_` and 8 characters: enough to tell keys apart, far too little to guess the rest. */
const SHOWN_LENGTH = KEY_PREFIX.length + 8;
/** last_used_at is written at most this often per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface CreatedApiKey {
	apiKey: ApiKey;
	/** The key itself: give it to the user once, it is not stored. */
	secret: string;
}

export type SeedResult = 'created' | 'exists' | 'revoked';

/**
 * What listings show of a key. Keys we make (`ms_…`) show their first characters, far too few to
 * guess the rest; a key chosen outside (MEETINGSCRIBE_API_KEY) may be short or structured, so it
 * shows a label made from its id instead, even where an older version stored part of it.
 */
function shownPrefix(k: Pick<ApiKeyRecord, 'id' | 'prefix'>): string {
	return k.prefix.startsWith(KEY_PREFIX) ? k.prefix : `key-${k.id.slice(0, 8)}`;
}

export function toApiKey(k: ApiKeyRecord): ApiKey {
	return {
		id: k.id,
		name: k.name,
		prefix: shownPrefix(k),
		scope: k.scope,
		created_at: k.createdAt,
		last_used_at: k.lastUsedAt,
		revoked_at: k.revokedAt,
	};
}

/**
 * API keys: random secrets shown once at creation and stored as SHA-256 hashes, listed by a
 * short prefix, revocable. Every check reads the database, so a revoked key stops working on
 * the next request. Used by the REST routes, the socket middleware and the CLI.
 */
export class ApiKeyService {
	private readonly revokeListeners = new Set<(keyId: string) => void>();
	private readonly lastTouch = new Map<string, number>();

	constructor(
		private readonly repos: Pick<Repositories, 'apiKeys' | 'authSessions' | 'transaction'>,
		/** When keys are required, the last active one cannot be revoked (it would lock you out). */
		private readonly keepOneActive: boolean,
	) {}

	create(name: string, scope: ApiKeyScope = 'full'): CreatedApiKey {
		const secret = KEY_PREFIX + randomSecret();
		return { apiKey: toApiKey(this.store(name, secret, scope)), secret };
	}

	/** Stores a key chosen outside the server (MEETINGSCRIBE_API_KEY) unless it is known. */
	seed(name: string, secret: string): SeedResult {
		const known = this.repos.apiKeys.findByHash(sha256(secret));
		if (known) return known.revokedAt ? 'revoked' : 'exists';
		this.store(name, secret);
		return 'created';
	}

	list(): ApiKey[] {
		return this.repos.apiKeys.list().map(toApiKey);
	}

	/** An active key that can use the whole API (worker keys cannot sign in or manage). */
	hasActiveKey(): boolean {
		return this.repos.apiKeys.list().some((k) => !k.revokedAt && k.scope === 'full');
	}

	/** Revokes a key and ends the browser sessions opened with it; revoking twice is harmless. */
	revoke(id: string): ApiKey {
		assertSafeId(id, 'key id');
		const revoked = this.repos.transaction(() => {
			const key = this.repos.apiKeys.get(id);
			if (!key) throw new NotFoundError('API key', id);
			if (key.revokedAt) return undefined;
			const others = this.repos.apiKeys
				.list()
				.filter((k) => !k.revokedAt && k.id !== id && k.scope === 'full');
			if (this.keepOneActive && key.scope === 'full' && others.length === 0) {
				throw new ConflictError(
					'This is the last active API key and this server requires one: create another key first',
				);
			}
			this.repos.apiKeys.revoke(id, new Date().toISOString());
			this.repos.authSessions.deleteByApiKey(id);
			return id;
		});
		if (revoked) for (const fn of this.revokeListeners) fn(revoked);
		const key = this.repos.apiKeys.get(id);
		if (!key) throw new NotFoundError('API key', id);
		return toApiKey(key);
	}

	/** The active key with this secret, or undefined. */
	verify(secret: string): ApiKeyRecord | undefined {
		const key = this.repos.apiKeys.findByHash(sha256(secret));
		if (!key || key.revokedAt) return undefined;
		const now = Date.now();
		if (now - (this.lastTouch.get(key.id) ?? 0) >= TOUCH_EVERY_MS) {
			this.lastTouch.set(key.id, now);
			this.repos.apiKeys.touch(key.id, new Date(now).toISOString());
		}
		return key;
	}

	/** The key with this id if it exists and is not revoked. */
	getActive(id: string): ApiKeyRecord | undefined {
		const key = this.repos.apiKeys.get(id);
		return key && !key.revokedAt ? key : undefined;
	}

	onRevoke(fn: (keyId: string) => void): () => void {
		this.revokeListeners.add(fn);
		return () => this.revokeListeners.delete(fn);
	}

	private store(name: string, secret: string, scope: ApiKeyScope = 'full'): ApiKeyRecord {
		const id = randomUUID();
		const record: ApiKeyRecord = {
			id,
			name: name.trim(),
			prefix: shownPrefix({ id, prefix: secret.slice(0, SHOWN_LENGTH) }),
			secretHash: sha256(secret),
			scope,
			createdAt: new Date().toISOString(),
			lastUsedAt: null,
			revokedAt: null,
		};
		this.repos.apiKeys.insert(record);
		return record;
	}
}
