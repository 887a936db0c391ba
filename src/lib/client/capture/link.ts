import type { AudioDevice, RecordingSession } from '$lib/contracts/audio';
import type { CaptureClientEvents, CaptureJoinAck } from '$lib/contracts/capture';
import type { Outbox, SendChunk } from './outbox';

/** The little of a Socket.IO client socket the link needs (see socket.ts). */
export interface CaptureSocket {
	readonly connected: boolean;
	connect(): void;
	disconnect(): void;
	on(event: 'connect', fn: () => void): void;
	on(event: 'disconnect', fn: (reason: string) => void): void;
	/** A connection attempt failed (Socket.IO keeps trying). */
	on(event: 'connect_error', fn: () => void): void;
	/** Emits with an acknowledgement; rejects when none arrives within `timeoutMs`. */
	request<E extends keyof CaptureClientEvents>(
		event: E,
		payload: Parameters<CaptureClientEvents[E]>[0],
		timeoutMs: number,
	): Promise<Parameters<Parameters<CaptureClientEvents[E]>[1]>[0]>;
}

/** Session states in which the server takes audio. */
const ACCEPTING: readonly RecordingSession['status'][] = ['pending', 'recording', 'paused'];

export type LinkStatus = 'connecting' | 'connected' | 'offline';

export interface CaptureLinkOptions {
	clientId: string;
	ackTimeoutMs?: number;
	/** How often stalled work (joins, unsent chunks) is retried. */
	retryMs?: number;
}

/**
 * Keeps the capture protocol going over a connection that comes and goes: on every connect it
 * announces the devices, joins each session that has audio to deliver and opens the outbox for
 * it; a server-side disconnect is followed by a reconnect (Socket.IO only retries by itself
 * after transport failures); a timer retries whatever stalled.
 */
export class CaptureLink {
	private readonly sessions = new Set<string>();
	private devices: Omit<AudioDevice, 'client_id'>[] = [];
	private helloing: Promise<void> = Promise.resolve();
	private timer: ReturnType<typeof setInterval> | null = null;
	private readonly listeners = new Set<(s: LinkStatus) => void>();
	private readonly joining = new Set<string>();
	/** Counts connects and disconnects, so that a late answer from an old connection is ignored. */
	private generation = 0;
	status: LinkStatus = 'connecting';
	private readonly ackTimeoutMs: number;

	constructor(
		private readonly socket: CaptureSocket,
		private readonly outbox: Outbox,
		private readonly opts: CaptureLinkOptions,
	) {
		this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
		socket.on('connect', () => this.onConnect());
		socket.on('disconnect', (reason) => this.onDisconnect(reason));
		socket.on('connect_error', () => this.setStatus('offline'));
	}

	start(): void {
		this.timer ??= setInterval(() => this.tick(), this.opts.retryMs ?? 2000);
		if (this.socket.connected) this.onConnect();
		else this.socket.connect();
	}

	close(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.outbox.connection(null);
		this.socket.disconnect();
	}

	/** Deliver this session's audio: join it now and after every reconnect. */
	track(sessionId: string): void {
		this.sessions.add(sessionId);
		if (this.socket.connected) void this.join(sessionId);
	}

	/** Asks the server again for a session it refused. */
	retry(sessionId: string): void {
		this.track(sessionId);
	}

	untrack(sessionId: string): void {
		this.sessions.delete(sessionId);
	}

	/** Resolves once the server has the list (or could not be told: it is told on connect). */
	announce(devices: Omit<AudioDevice, 'client_id'>[]): Promise<void> {
		this.devices = devices;
		return this.socket.connected ? this.hello() : Promise.resolve();
	}

	onStatus(fn: (s: LinkStatus) => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	private setStatus(s: LinkStatus) {
		this.status = s;
		for (const fn of this.listeners) fn(s);
	}

	private onConnect() {
		const send: SendChunk = (chunk) =>
			this.socket.request('capture:chunk', chunk, this.ackTimeoutMs);
		this.generation++;
		this.outbox.connection(send);
		this.joining.clear();
		this.setStatus('connected');
		void this.hello().then(() => this.joinAll());
	}

	private onDisconnect(reason: string) {
		this.generation++;
		this.outbox.connection(null);
		this.setStatus(this.timer ? 'offline' : 'connecting');
		// The server closed this socket on purpose (e.g. it is restarting): ask again.
		if (reason === 'io server disconnect' && this.timer) this.socket.connect();
	}

	/** Resolves when the latest device announcement has been answered (or could not be). */
	announced(): Promise<void> {
		return this.helloing;
	}

	private hello(): Promise<void> {
		const devices = this.devices;
		this.helloing = this.socket
			.request('capture:hello', { client_id: this.opts.clientId, devices }, this.ackTimeoutMs)
			.then(
				() => undefined,
				// Only the server's device list depends on it; announced again on the next connect.
				() => undefined,
			);
		return this.helloing;
	}

	private joinAll() {
		for (const id of new Set([...this.sessions, ...this.outbox.sessionsWithChunks()]))
			if (this.outbox.gate(id).state === 'waiting') void this.join(id);
	}

	private async join(sessionId: string) {
		if (this.joining.has(sessionId)) return;
		this.joining.add(sessionId);
		const generation = this.generation;
		try {
			const ack: CaptureJoinAck = await this.socket.request(
				'capture:join',
				{ session_id: sessionId },
				this.ackTimeoutMs,
			);
			if (generation !== this.generation) return;
			if (!ack.ok) this.outbox.refuse(sessionId, ack.error_code, ack.message);
			else if (ACCEPTING.includes(ack.session.status)) this.outbox.open(sessionId);
			else
				this.outbox.refuse(
					sessionId,
					'SESSION_NOT_ACTIVE',
					`The server has ended this recording (${ack.session.status}).`,
				);
		} catch {
			// No answer in time: the timer asks again.
		} finally {
			this.joining.delete(sessionId);
		}
	}

	private tick() {
		if (!this.socket.connected) return;
		this.joinAll();
		this.outbox.pump();
	}
}
