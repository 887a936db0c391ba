import type { CaptureAck } from '$lib/contracts/capture';
import type { ErrorCode } from '$lib/contracts/errors';
import { chunkMeta, type ChunkMeta, type OutboxChunk, type OutboxStore } from './outbox-store';

/** Sends one chunk; resolves with the server's ack, rejects when none came in time. */
export type SendChunk = (chunk: OutboxChunk) => Promise<CaptureAck>;

/**
 * Per session: may its chunks be sent now? `waiting` until the server accepted the session on
 * the current connection (capture:join), `refused` when it said no (until the next join).
 */
export type SessionGate =
	| { state: 'waiting' }
	| { state: 'open' }
	| { state: 'refused'; error_code: ErrorCode; message: string };

export interface OutboxOptions {
	/** Chunks awaiting an ack at once; bounds the burst after a long outage. */
	window?: number;
}

const key = (sessionId: string, seq: number) => `${sessionId}\u0000${seq}`;

/**
 * The data-loss-critical part of the uplink. Every chunk is stored before it is sent and
 * deleted only when the server acknowledges it (which it does once the audio is on disk).
 * Unacknowledged chunks are sent again after a timeout, on reconnection and on demand
 * (`pump`); the server writes at `sample_index`, so duplicates and reordering are harmless.
 */
export class Outbox {
	private readonly pending = new Map<string, ChunkMeta>();
	/** Chunk key → the connection generation it was sent on. */
	private readonly inflight = new Map<string, number>();
	private readonly gates = new Map<string, SessionGate>();
	private readonly listeners = new Set<() => void>();
	private readonly memory = new Map<string, OutboxChunk>();
	private send: SendChunk | null = null;
	private generation = 0;
	private readonly window: number;

	constructor(
		private readonly store: OutboxStore,
		opts: OutboxOptions = {},
	) {
		this.window = opts.window ?? 16;
	}

	/** Loads what an earlier page left unsent for these sessions. */
	async load(sessionIds: readonly string[]): Promise<void> {
		for (const m of await this.store.listChunks())
			if (sessionIds.includes(m.session_id)) this.pending.set(key(m.session_id, m.seq), m);
		this.changed();
	}

	/**
	 * Stores the chunk, then sends it when its session is open. Should the browser refuse to
	 * store it (storage full), it is kept in memory instead: still sent, but lost with the page.
	 */
	async add(chunk: OutboxChunk): Promise<void> {
		const k = key(chunk.session_id, chunk.seq);
		try {
			await this.store.putChunk(chunk);
		} catch {
			this.memory.set(k, chunk);
		}
		this.pending.set(k, chunkMeta(chunk));
		this.changed();
		this.pump();
	}

	/** Chunks only in memory because the store refused them. */
	get unstored(): number {
		return this.memory.size;
	}

	/**
	 * A new connection (with its send function) or none. Whatever was in flight on the old one
	 * will not be acknowledged there: it is sent again once its session is open.
	 */
	connection(send: SendChunk | null): void {
		this.generation++;
		this.inflight.clear();
		this.send = send;
		this.gates.clear();
		this.changed();
	}

	/**
	 * The server accepted the session on this connection. Everything still stored is sent,
	 * including chunks the server may already hold (its count of held frames is not trusted to
	 * skip any: a write is idempotent, a skipped chunk would be lost).
	 */
	open(sessionId: string): void {
		this.gates.set(sessionId, { state: 'open' });
		this.changed();
		this.pump();
	}

	refuse(sessionId: string, error_code: ErrorCode, message: string): void {
		this.gates.set(sessionId, { state: 'refused', error_code, message });
		this.changed();
	}

	/**
	 * The server asks this connection to slow down (its chunk rate cap): the session's chunks
	 * wait, kept, and go again once the time it named has passed.
	 */
	private pause(sessionId: string, retryAfterSeconds = 1): void {
		if (this.gate(sessionId).state !== 'open') return;
		const generation = this.generation;
		this.gates.set(sessionId, { state: 'waiting' });
		this.changed();
		setTimeout(() => {
			if (generation !== this.generation || this.gate(sessionId).state !== 'waiting') return;
			this.open(sessionId);
		}, retryAfterSeconds * 1000);
	}

	gate(sessionId: string): SessionGate {
		return this.gates.get(sessionId) ?? { state: 'waiting' };
	}

	/** Sends every stored chunk that is not awaiting an ack, oldest first, up to the window. */
	pump(): void {
		const send = this.send;
		if (!send) return;
		for (const [k, m] of this.pending) {
			if (this.inflight.size >= this.window) return;
			if (this.inflight.has(k) || this.gate(m.session_id).state !== 'open') continue;
			this.inflight.set(k, this.generation);
			void this.deliver(k, m, send, this.generation);
		}
	}

	private async deliver(k: string, m: ChunkMeta, send: SendChunk, generation: number) {
		let ack: CaptureAck | null = null;
		try {
			const chunk = this.memory.get(k) ?? (await this.store.getChunk(m.session_id, m.seq));
			if (chunk) ack = await send(chunk);
			else this.pending.delete(k); // acknowledged meanwhile (an earlier send's late ack)
		} catch {
			// No ack in time, or the link went down: sent again below or on the next connection.
		}
		if (ack?.ok) {
			// An ack from an old connection still counts: the audio is on the server's disk.
			try {
				await this.remove(k, m);
			} catch {
				// Kept, so sent again: the server's idempotent write makes that harmless.
			}
		} else if (ack && generation === this.generation) {
			if (ack.error_code === 'RATE_LIMITED') this.pause(m.session_id, ack.retry_after_seconds);
			else this.refuse(m.session_id, ack.error_code, ack.message);
		}
		if (this.inflight.get(k) === generation) this.inflight.delete(k);
		this.changed();
		if (generation === this.generation) this.pump();
	}

	/** Frames not yet acknowledged, for one session or all. */
	pendingFrames(sessionId?: string): number {
		let n = 0;
		for (const m of this.pending.values())
			if (sessionId === undefined || m.session_id === sessionId) n += m.frames;
		return n;
	}

	/** Sessions with unacknowledged chunks. */
	sessionsWithChunks(): string[] {
		return [...new Set([...this.pending.values()].map((m) => m.session_id))];
	}

	/** Resolves once every chunk of the session has been acknowledged (or discarded). */
	whenDrained(sessionId: string): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				if (this.pendingFrames(sessionId) > 0) return;
				this.listeners.delete(check);
				resolve();
			};
			this.listeners.add(check);
			check();
		});
	}

	/** Deletes a session's unsent chunks (the user chose to give them up). */
	async discard(sessionId: string): Promise<void> {
		for (const [k, m] of this.pending) if (m.session_id === sessionId) await this.remove(k, m);
		this.changed();
	}

	private async remove(k: string, m: ChunkMeta): Promise<void> {
		if (!this.memory.delete(k)) await this.store.deleteChunk(m.session_id, m.seq);
		this.pending.delete(k);
	}

	subscribe(fn: () => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	private changed(): void {
		for (const fn of [...this.listeners]) fn();
	}
}
