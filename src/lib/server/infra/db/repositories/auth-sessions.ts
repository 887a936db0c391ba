import type { Database } from 'better-sqlite3';
import type { AuthSessionRecord } from '../records';
import type { AuthSessionRepository } from './interfaces';
import { Table } from './table';

export function createAuthSessionRepository(db: Database): AuthSessionRepository {
	const table = new Table<AuthSessionRecord>(db, 'auth_sessions', {
		id: { col: 'id' },
		tokenHash: { col: 'token_hash' },
		apiKeyId: { col: 'api_key_id' },
		createdAt: { col: 'created_at' },
		expiresAt: { col: 'expires_at' },
	});
	const byKey = db.prepare('DELETE FROM auth_sessions WHERE api_key_id = ?');
	const expired = db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?');
	return {
		insert: (s) => table.insert(s),
		findByHash: (h) => table.where('token_hash = ?', h)[0],
		delete: (id) => table.delete(id),
		deleteByApiKey: (id) => byKey.run(id).changes,
		deleteExpired: (now) => expired.run(now).changes,
	};
}
