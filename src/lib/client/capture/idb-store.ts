import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
	chunkMeta,
	MemoryOutboxStore,
	type ChunkMeta,
	type OutboxChunk,
	type OutboxSession,
	type OutboxStore,
} from './outbox-store';

interface OutboxDb extends DBSchema {
	chunks: { key: [string, number]; value: OutboxChunk };
	sessions: { key: string; value: OutboxSession };
}

function openOutboxDb() {
	return openDB<OutboxDb>('meetingscribe-outbox', 1, {
		upgrade(db) {
			db.createObjectStore('chunks', { keyPath: ['session_id', 'seq'] });
			db.createObjectStore('sessions', { keyPath: 'session_id' });
		},
	});
}

/** The outbox in IndexedDB: it survives reloads, crashes and closed tabs. */
export class IdbOutboxStore implements OutboxStore {
	readonly durable = true;
	private constructor(private readonly db: IDBPDatabase<OutboxDb>) {}

	static async open(): Promise<IdbOutboxStore> {
		return new IdbOutboxStore(await openOutboxDb());
	}

	async putChunk(chunk: OutboxChunk) {
		// Resolves only once the transaction has committed.
		await this.db.put('chunks', chunk);
	}
	getChunk(sessionId: string, seq: number) {
		return this.db.get('chunks', [sessionId, seq]);
	}
	deleteChunk(sessionId: string, seq: number) {
		return this.db.delete('chunks', [sessionId, seq]);
	}
	async listChunks(): Promise<ChunkMeta[]> {
		const out: ChunkMeta[] = [];
		let cursor = await this.db.transaction('chunks').store.openCursor();
		while (cursor) {
			out.push(chunkMeta(cursor.value));
			cursor = await cursor.continue();
		}
		return out;
	}
	async putSession(session: OutboxSession) {
		await this.db.put('sessions', session);
	}
	deleteSession(sessionId: string) {
		return this.db.delete('sessions', sessionId);
	}
	listSessions() {
		return this.db.getAll('sessions');
	}
}

/** IndexedDB when the browser allows it (private modes may not), memory otherwise. */
export async function openOutboxStore(): Promise<OutboxStore> {
	try {
		return await IdbOutboxStore.open();
	} catch {
		return new MemoryOutboxStore();
	}
}

/**
 * Whether an earlier page left audio unsent. Cheap enough for the layout to ask on every page,
 * so that the audio goes up whichever page is opened next.
 */
export async function hasLeftovers(): Promise<boolean> {
	if (typeof indexedDB === 'undefined') return false;
	try {
		const db = await openOutboxDb();
		try {
			return (await db.count('sessions')) + (await db.count('chunks')) > 0;
		} finally {
			db.close();
		}
	} catch {
		return false;
	}
}
