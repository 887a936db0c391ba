import type { CaptureClientEvents } from '../../../../src/lib/contracts/capture';
import type { CaptureSocket } from '../../../../src/lib/client/capture/link';
import type { SessionApi } from '../../../../src/lib/client/capture/uplink';

/** A rejected API call, as the real client rejects: an Error with the HTTP status and code. */
const apiError = (message: string, status: number, code: string) =>
	Promise.reject(Object.assign(new Error(message), { status, code }));

/**
 * A stand-in for the server side of the capture protocol, with the faults a real network and
 * server have: dropped connections, lost acks, a frozen process, a restart.
 */
export class FakeCaptureServer {
	/** session → sample_index → frames written there (idempotent, like the real writer). */
	readonly sessions = new Map<string, { active: boolean; chunks: Map<number, number> }>();
	readonly hellos: string[] = [];
	/** Device ids POST /record accepts (the real server knows those announced in hellos). */
	readonly knownDevices = new Set(['mic-1']);
	readonly log: string[] = [];
	/** ok: answer; lose-acks: write but never answer; frozen: neither write nor answer. */
	mode: 'ok' | 'lose-acks' | 'frozen' = 'ok';
	up = true;
	readonly sockets = new Set<FakeSocket>();
	private nextId = 1;

	samplesWritten(id: string): number {
		const chunks = this.sessions.get(id)?.chunks;
		if (!chunks) return 0;
		let end = 0;
		while (chunks.has(end)) end += chunks.get(end)!;
		return end;
	}

	/** Drops every connection, as a network failure or a killed process would. */
	dropAll(reason = 'transport close') {
		for (const s of [...this.sockets]) s.drop(reason);
	}

	readonly api: SessionApi & { stops: string[]; stopFailures: number } = {
		stops: [],
		stopFailures: 0,
		start: (req) => {
			if (!this.up) return apiError('unreachable', 0, 'NETWORK');
			if (req.device_id && !this.knownDevices.has(req.device_id))
				return apiError('Audio device not found', 404, 'NOT_FOUND');
			const id = `s${this.nextId++}`;
			this.sessions.set(id, { active: true, chunks: new Map() });
			this.log.push(`start ${id} ${req.channels} ${req.device_id ?? 'auto'}`);
			return Promise.resolve({
				session_id: id,
				device: {},
				status: 'recording',
				start_time: new Date().toISOString(),
				duration_seconds: 0,
				file_path: null,
				file_size_bytes: 0,
				error_message: null,
				channels: req.channels,
				sample_rate: 16000,
				chunks_received: 0,
			});
		},
		stop: (id) => {
			if (!this.up || this.api.stopFailures > 0) {
				this.api.stopFailures--;
				return apiError('unreachable', 0, 'NETWORK');
			}
			const s = this.sessions.get(id);
			if (!s) return apiError('No such session', 404, 'NOT_FOUND');
			if (!s.active) return apiError('Session is not active', 409, 'SESSION_NOT_ACTIVE');
			s.active = false;
			this.api.stops.push(id);
			this.log.push(`stop ${id} at ${this.samplesWritten(id)}`);
			return Promise.resolve({ audio_file: null });
		},
	};

	handle(event: keyof CaptureClientEvents, payload: unknown): unknown {
		if (event === 'capture:hello') {
			const hello = payload as { client_id: string; devices: { id: string }[] };
			this.hellos.push(hello.client_id);
			for (const d of hello.devices) this.knownDevices.add(d.id);
			return { ok: true };
		}
		if (event === 'capture:join') {
			const id = (payload as { session_id: string }).session_id;
			const s = this.sessions.get(id);
			if (!s) return { ok: false, error_code: 'NOT_FOUND', message: `No session ${id}` };
			// Like the real server, a join tells the session's state (ended ones included).
			return {
				ok: true,
				session: { status: s.active ? 'recording' : 'completed' },
				samples_written: this.samplesWritten(id),
			};
		}
		const c = payload as {
			session_id: string;
			seq: number;
			sample_index: number;
			channels: number;
			pcm: ArrayBuffer;
		};
		const s = this.sessions.get(c.session_id);
		if (!s?.active) return { ok: false, error_code: 'SESSION_NOT_ACTIVE', message: 'not active' };
		s.chunks.set(c.sample_index, c.pcm.byteLength / (2 * c.channels));
		this.log.push(`chunk ${c.session_id} ${c.seq}`);
		return { ok: true, seq: c.seq };
	}
}

export class FakeSocket implements CaptureSocket {
	connected = false;
	connects = 0;
	private readonly handlers: Record<string, ((arg: string) => void)[]> = {};

	constructor(private readonly server: FakeCaptureServer) {}

	connect(): void {
		this.connects++;
		if (this.connected) return;
		if (!this.server.up) {
			for (const fn of this.handlers.connect_error ?? []) fn('');
			return;
		}
		this.connected = true;
		this.server.sockets.add(this);
		for (const fn of this.handlers.connect ?? []) fn('');
	}

	disconnect(): void {
		if (this.connected) this.drop('io client disconnect');
	}

	/** The connection ends (the reason as Socket.IO reports it). */
	drop(reason: string): void {
		if (!this.connected) return;
		this.connected = false;
		this.server.sockets.delete(this);
		for (const fn of this.handlers.disconnect ?? []) fn(reason);
	}

	on(event: 'connect' | 'disconnect' | 'connect_error', fn: (reason: string) => void): void {
		(this.handlers[event] ??= []).push(fn);
	}

	request<E extends keyof CaptureClientEvents>(
		event: E,
		payload: Parameters<CaptureClientEvents[E]>[0],
		timeoutMs: number,
	): Promise<Parameters<Parameters<CaptureClientEvents[E]>[1]>[0]> {
		type Ack = Parameters<Parameters<CaptureClientEvents[E]>[1]>[0];
		if (!this.connected) return Promise.reject(new Error('Not connected'));
		return new Promise<Ack>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('operation has timed out')), timeoutMs);
			// Answers arrive asynchronously, as over a network.
			setTimeout(() => {
				if (!this.connected || this.server.mode === 'frozen') return;
				const ack = this.server.handle(event, payload) as Ack;
				if (this.server.mode === 'lose-acks' && event === 'capture:chunk') return;
				clearTimeout(timer);
				resolve(ack);
			}, 1);
		});
	}
}
