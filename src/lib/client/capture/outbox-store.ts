/** A chunk waiting for the server's acknowledgement; the PCM is exactly what will be sent. */
export interface OutboxChunk {
	session_id: string;
	seq: number;
	sample_index: number;
	channels: 1 | 2;
	pcm: ArrayBuffer;
}

export type ChunkMeta = Omit<OutboxChunk, 'pcm'> & { frames: number };

/** A recording session this browser streams (or streamed) audio for. */
export interface OutboxSession {
	session_id: string;
	channels: 1 | 2;
	created_at: string;
	/** Set once the user pressed Stop: after the outbox drains the session is to be stopped. */
	stopping: boolean;
}

/**
 * Durable storage of the outbox. IndexedDB in the browser; the in-memory version stands in
 * where IndexedDB is unavailable (and in unit tests).
 */
export interface OutboxStore {
	readonly durable: boolean;
	putChunk(chunk: OutboxChunk): Promise<void>;
	getChunk(sessionId: string, seq: number): Promise<OutboxChunk | undefined>;
	deleteChunk(sessionId: string, seq: number): Promise<void>;
	/** Every stored chunk's metadata, ordered by session, then seq. */
	listChunks(): Promise<ChunkMeta[]>;
	putSession(session: OutboxSession): Promise<void>;
	deleteSession(sessionId: string): Promise<void>;
	listSessions(): Promise<OutboxSession[]>;
}

export function chunkMeta(c: OutboxChunk): ChunkMeta {
	const { pcm, ...meta } = c;
	return { ...meta, frames: pcm.byteLength / (2 * c.channels) };
}

export class MemoryOutboxStore implements OutboxStore {
	readonly durable = false;
	private chunks = new Map<string, OutboxChunk>();
	private sessions = new Map<string, OutboxSession>();

	putChunk(chunk: OutboxChunk) {
		this.chunks.set(`${chunk.session_id}\u0000${chunk.seq}`, chunk);
		return Promise.resolve();
	}
	getChunk(sessionId: string, seq: number) {
		return Promise.resolve(this.chunks.get(`${sessionId}\u0000${seq}`));
	}
	deleteChunk(sessionId: string, seq: number) {
		this.chunks.delete(`${sessionId}\u0000${seq}`);
		return Promise.resolve();
	}
	listChunks() {
		return Promise.resolve(
			[...this.chunks.values()]
				.sort((a, b) =>
					a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : a.seq - b.seq,
				)
				.map(chunkMeta),
		);
	}
	putSession(session: OutboxSession) {
		this.sessions.set(session.session_id, { ...session });
		return Promise.resolve();
	}
	deleteSession(sessionId: string) {
		this.sessions.delete(sessionId);
		return Promise.resolve();
	}
	listSessions() {
		return Promise.resolve([...this.sessions.values()].map((s) => ({ ...s })));
	}
}
