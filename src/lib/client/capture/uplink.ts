import type { AudioFile, RecordingSession } from '$lib/contracts/audio';
import { CaptureLink, type CaptureSocket, type LinkStatus } from './link';
import { Outbox } from './outbox';
import type { OutboxChunk, OutboxStore } from './outbox-store';

/** The REST half of the protocol (see api-sessions.ts). */
export interface SessionApi {
	start(req: { channels: 1 | 2; client_id: string; device_id?: string }): Promise<RecordingSession>;
	/** Rejects with `status` 0 when the server is unreachable. */
	stop(sessionId: string): Promise<{ audio_file: AudioFile | null }>;
}

/** Marks a session as handled by this page, so that other tabs leave it alone. */
export interface SessionLocks {
	/** Resolves with a release function, or null when another page holds the session. */
	tryHold(sessionId: string): Promise<(() => void) | null>;
}

export interface FinishResult {
	audio_file: AudioFile | null;
	/** Why there is no file, when the server had already closed the session. */
	note: string | null;
}

export interface UplinkOptions {
	clientId: string;
	socket: CaptureSocket;
	store: OutboxStore;
	api: SessionApi;
	locks: SessionLocks;
	ackTimeoutMs?: number;
	retryMs?: number;
	/** Longest wait between two attempts to stop a session while the server is away. */
	maxStopBackoffMs?: number;
}

export interface Leftover {
	session_id: string;
	frames: number;
	done: Promise<FinishResult>;
}

const field = (e: unknown, name: 'status' | 'code') =>
	typeof e === 'object' && e !== null && name in e
		? (e as Record<string, unknown>)[name]
		: undefined;
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Everything between the capture worklet and the server's disk: the durable outbox, the socket
 * link and the REST calls that open and close a session. Stop is only called once every chunk
 * of the session has been acknowledged.
 */
export class Uplink {
	readonly outbox: Outbox;
	readonly link: CaptureLink;
	/** Per session, the promise of the last chunk being stored. */
	private readonly storing = new Map<string, Promise<void>>();
	/** Releases of the session locks this page holds. */
	private readonly held = new Map<string, () => void>();

	constructor(private readonly o: UplinkOptions) {
		this.outbox = new Outbox(o.store);
		this.link = new CaptureLink(o.socket, this.outbox, {
			clientId: o.clientId,
			ackTimeoutMs: o.ackTimeoutMs,
			retryMs: o.retryMs,
		});
	}

	get durable(): boolean {
		return this.o.store.durable;
	}

	get status(): LinkStatus {
		return this.link.status;
	}

	start(): void {
		this.link.start();
	}

	close(): void {
		this.link.close();
	}

	/**
	 * Takes over the sessions an earlier page left unfinished (reload, crash, closed tab) and
	 * no other open page is handling: uploads their audio, then stops them.
	 */
	async recover(): Promise<Leftover[]> {
		const chunks = await this.o.store.listChunks();
		const sessions = new Map((await this.o.store.listSessions()).map((s) => [s.session_id, s]));
		for (const c of chunks)
			if (!sessions.has(c.session_id))
				sessions.set(c.session_id, {
					session_id: c.session_id,
					channels: c.channels,
					created_at: new Date().toISOString(),
					stopping: true,
				});
		const leftovers: Leftover[] = [];
		for (const s of sessions.values()) {
			const release = await this.o.locks.tryHold(s.session_id);
			if (!release) continue;
			this.held.set(s.session_id, release);
			await this.outbox.load([s.session_id]);
			await this.o.store.putSession({ ...s, stopping: true });
			this.link.track(s.session_id);
			const done = this.finish(s.session_id);
			leftovers.push({
				session_id: s.session_id,
				frames: this.outbox.pendingFrames(s.session_id),
				done,
			});
		}
		return leftovers;
	}

	/** Opens a session on the server and starts delivering for it. */
	async begin(channels: 1 | 2, deviceId: string | undefined): Promise<RecordingSession> {
		const request = { channels, client_id: this.o.clientId };
		// A device announced a moment ago (the permission prompt reveals the names) must reach
		// the server before the session names it, or the session would be the default input's.
		if (deviceId) await this.link.announced();
		const session = await this.o.api
			.start(deviceId ? { ...request, device_id: deviceId } : request)
			.catch((e: unknown) => {
				// The server may not have heard of the device (its announcement was lost, or the
				// server restarted): the session is then recorded as this client's default input.
				if (deviceId && field(e, 'code') === 'NOT_FOUND') return this.o.api.start(request);
				throw e;
			});
		// Held for the whole session: an other tab's recover() must not stop it under us.
		const release = await this.o.locks.tryHold(session.session_id);
		if (release) this.held.set(session.session_id, release);
		await this.o.store.putSession({
			session_id: session.session_id,
			channels,
			created_at: new Date().toISOString(),
			stopping: false,
		});
		this.link.track(session.session_id);
		return session;
	}

	/** Queues a chunk: stored first, then sent. Chunks are stored in the order they come. */
	add(chunk: OutboxChunk): Promise<void> {
		const prev = this.storing.get(chunk.session_id) ?? Promise.resolve();
		const next = prev.then(() => this.outbox.add(chunk));
		this.storing.set(chunk.session_id, next);
		return next;
	}

	/**
	 * After the last chunk: waits until the server has acknowledged all of them (however long
	 * it is away), then stops the session, retrying while the server cannot be reached.
	 */
	async finish(sessionId: string): Promise<FinishResult> {
		await this.storing.get(sessionId);
		this.storing.delete(sessionId);
		await this.outbox.whenDrained(sessionId);
		let wait = 500;
		for (;;) {
			try {
				const { audio_file } = await this.o.api.stop(sessionId);
				await this.forget(sessionId);
				return { audio_file, note: null };
			} catch (e) {
				const status = Number(field(e, 'status') ?? 0);
				if (field(e, 'code') === 'SESSION_NOT_ACTIVE' || field(e, 'code') === 'NOT_FOUND') {
					// Every chunk was acknowledged, so the audio is on the server either way.
					await this.forget(sessionId);
					return { audio_file: null, note: errorMessage(e) };
				}
				if (status !== 0 && status < 500) throw e;
			}
			await sleep(wait);
			wait = Math.min(wait * 2, this.o.maxStopBackoffMs ?? 5000);
		}
	}

	/** Gives up a session's unsent audio (the user chose to). */
	async discard(sessionId: string): Promise<void> {
		await this.outbox.discard(sessionId);
	}

	private async forget(sessionId: string) {
		this.link.untrack(sessionId);
		await this.o.store.deleteSession(sessionId);
		this.held.get(sessionId)?.();
		this.held.delete(sessionId);
	}
}
