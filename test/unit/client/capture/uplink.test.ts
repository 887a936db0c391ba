import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	MemoryOutboxStore,
	type OutboxStore,
} from '../../../../src/lib/client/capture/outbox-store';
import { describeDevices } from '../../../../src/lib/client/capture/devices';
import { Uplink, type SessionLocks } from '../../../../src/lib/client/capture/uplink';
import { FakeCaptureServer, FakeSocket } from './fake-capture-server';

const FRAMES = 4000;
const freeLocks: SessionLocks = { tryHold: () => Promise.resolve(() => {}) };

const uplinks: Uplink[] = [];
function page(server: FakeCaptureServer, store: OutboxStore, locks = freeLocks) {
	const socket = new FakeSocket(server);
	const uplink = new Uplink({
		clientId: `client-${uplinks.length}`,
		socket,
		store,
		api: server.api,
		locks,
		ackTimeoutMs: 30,
		retryMs: 10,
		maxStopBackoffMs: 20,
	});
	uplinks.push(uplink);
	uplink.start();
	return { uplink, socket };
}

afterEach(() => {
	for (const u of uplinks.splice(0)) u.close();
});

/** Streams `n` chunks of a session, as the recorder does with the worklet's output. */
async function stream(uplink: Uplink, session_id: string, from: number, n: number) {
	for (let seq = from; seq < from + n; seq++)
		await uplink.add({
			session_id,
			seq,
			sample_index: seq * FRAMES,
			channels: 2,
			pcm: new ArrayBuffer(FRAMES * 4),
		});
}

describe('Uplink (outbox + link + REST) against a faulty server', () => {
	it('delivers every chunk and stops the session only after the last ack', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore();
		const { uplink } = page(server, store);
		const session = await uplink.begin(2, 'mic-1');
		await stream(uplink, session.session_id, 0, 20);
		await uplink.finish(session.session_id);
		expect(server.samplesWritten(session.session_id)).toBe(20 * FRAMES);
		expect(server.log.at(-1)).toBe(`stop ${session.session_id} at ${20 * FRAMES}`);
		expect(await store.listChunks()).toEqual([]);
		expect(await store.listSessions()).toEqual([]);
	});

	it('keeps recording into the outbox while disconnected and uploads it on reconnect', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore();
		const { uplink, socket } = page(server, store);
		const { session_id } = await uplink.begin(2, undefined);
		await stream(uplink, session_id, 0, 5);
		server.up = false;
		server.dropAll();
		await stream(uplink, session_id, 5, 10);
		expect(uplink.status).toBe('offline');
		expect((await store.listChunks()).length).toBeGreaterThanOrEqual(10);
		server.up = true;
		socket.connect(); // Socket.IO's own reconnection after a transport failure
		await uplink.finish(session_id);
		expect(server.samplesWritten(session_id)).toBe(15 * FRAMES);
	});

	it('reconnects by itself after the server disconnected it on purpose', async () => {
		const server = new FakeCaptureServer();
		const { uplink, socket } = page(server, new MemoryOutboxStore());
		const { session_id } = await uplink.begin(1, undefined);
		const before = socket.connects;
		server.dropAll('io server disconnect');
		expect(socket.connects).toBe(before + 1);
		expect(socket.connected).toBe(true);
		await stream(uplink, session_id, 0, 3);
		await uplink.finish(session_id);
		expect(server.samplesWritten(session_id)).toBe(3 * FRAMES);
	});

	it('resends when acks are lost or the server freezes; each sample is written once', async () => {
		const server = new FakeCaptureServer();
		const { uplink } = page(server, new MemoryOutboxStore());
		const { session_id } = await uplink.begin(2, undefined);
		server.mode = 'lose-acks';
		await stream(uplink, session_id, 0, 4);
		await vi.waitFor(() => expect(server.samplesWritten(session_id)).toBe(4 * FRAMES));
		server.mode = 'frozen';
		await stream(uplink, session_id, 4, 4);
		server.mode = 'ok';
		await uplink.finish(session_id);
		expect(server.samplesWritten(session_id)).toBe(8 * FRAMES);
		const sent = server.log.filter((l) => l.startsWith('chunk'));
		expect(sent.length).toBeGreaterThan(8); // some chunks went more than once
		expect(server.sessions.get(session_id)!.chunks.size).toBe(8);
	});

	it('rejoins after a server restart and sends only what was never acknowledged', async () => {
		const server = new FakeCaptureServer();
		const { uplink, socket } = page(server, new MemoryOutboxStore());
		const { session_id } = await uplink.begin(2, undefined);
		await stream(uplink, session_id, 0, 6);
		await vi.waitFor(() => expect(uplink.outbox.pendingFrames()).toBe(0));
		server.up = false;
		server.dropAll();
		await stream(uplink, session_id, 6, 6);
		server.up = true;
		server.log.length = 0;
		socket.connect();
		await uplink.finish(session_id);
		expect(server.samplesWritten(session_id)).toBe(12 * FRAMES);
		expect(server.log.filter((l) => l.startsWith('chunk'))).toHaveLength(6);
	});

	it('after a reload, uploads what the last page left and stops that session', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore(); // stands in for IndexedDB, shared by both pages
		const first = page(server, store);
		const { session_id } = await first.uplink.begin(2, undefined);
		server.up = false;
		server.dropAll();
		await stream(first.uplink, session_id, 0, 8);
		first.uplink.close(); // the page goes away mid-recording

		server.up = true;
		const second = page(server, store);
		const leftovers = await second.uplink.recover();
		expect(leftovers.map((l) => [l.session_id, l.frames])).toEqual([[session_id, 8 * FRAMES]]);
		await leftovers[0]!.done;
		expect(server.samplesWritten(session_id)).toBe(8 * FRAMES);
		expect(server.api.stops).toEqual([session_id]);
		expect(await store.listSessions()).toEqual([]);
	});

	it('leaves alone a session another open page is recording', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore();
		const held = new Set<string>();
		const locks: SessionLocks = {
			tryHold: (id) => {
				if (held.has(id)) return Promise.resolve(null);
				held.add(id);
				return Promise.resolve(() => held.delete(id));
			},
		};
		const recording = page(server, store, locks);
		await recording.uplink.begin(1, undefined);
		const other = page(server, store, locks);
		expect(await other.uplink.recover()).toEqual([]);
		expect(server.api.stops).toEqual([]);
	});

	it('keeps trying to stop while the server is unreachable', async () => {
		const server = new FakeCaptureServer();
		const { uplink } = page(server, new MemoryOutboxStore());
		const { session_id } = await uplink.begin(1, undefined);
		await stream(uplink, session_id, 0, 2);
		server.api.stopFailures = 3;
		await uplink.finish(session_id);
		expect(server.api.stops).toEqual([session_id]);
	});

	it('finishes a session the server had already closed, saying so', async () => {
		const server = new FakeCaptureServer();
		const { uplink } = page(server, new MemoryOutboxStore());
		const { session_id } = await uplink.begin(1, undefined);
		await stream(uplink, session_id, 0, 2);
		await vi.waitFor(() => expect(uplink.outbox.pendingFrames()).toBe(0));
		server.sessions.get(session_id)!.active = false;
		const result = await uplink.finish(session_id);
		expect(result).toEqual({ audio_file: null, note: 'Session is not active' });
	});

	it('holds a refused session’s audio until the user retries or discards it', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore();
		const { uplink } = page(server, store);
		const { session_id } = await uplink.begin(1, undefined);
		server.sessions.get(session_id)!.active = false;
		await stream(uplink, session_id, 0, 2);
		await vi.waitFor(() => expect(uplink.outbox.gate(session_id).state).toBe('refused'));
		expect(await store.listChunks()).toHaveLength(2);
		server.sessions.get(session_id)!.active = true;
		uplink.link.retry(session_id);
		await uplink.finish(session_id);
		expect(server.samplesWritten(session_id)).toBe(2 * FRAMES);
	});

	it('holds the audio of a session the server says has ended, and says why', async () => {
		const server = new FakeCaptureServer();
		const store = new MemoryOutboxStore();
		const { uplink, socket } = page(server, store);
		const { session_id } = await uplink.begin(1, undefined);
		server.up = false;
		server.dropAll();
		await stream(uplink, session_id, 0, 2);
		server.sessions.get(session_id)!.active = false;
		server.up = true;
		socket.connect();
		await vi.waitFor(() =>
			expect(uplink.outbox.gate(session_id)).toEqual({
				state: 'refused',
				error_code: 'SESSION_NOT_ACTIVE',
				message: 'The server has ended this recording (completed).',
			}),
		);
		expect(server.log.filter((l) => l.startsWith('chunk'))).toEqual([]);
		expect(await store.listChunks()).toHaveLength(2);
	});

	it('starts on the default input when the server does not know the chosen device', async () => {
		const server = new FakeCaptureServer();
		const { uplink } = page(server, new MemoryOutboxStore());
		await uplink.begin(1, 'mic-1');
		await uplink.begin(1, 'unplugged');
		expect(server.log).toEqual(['start s1 1 mic-1', 'start s2 1 auto']);
	});

	it('starts on a device announced a moment before, not on the default input', async () => {
		// The permission prompt reveals the microphones, the page announces them, and the user
		// presses Record before the server has answered the announcement.
		const server = new FakeCaptureServer();
		const { uplink } = page(server, new MemoryOutboxStore());
		void uplink.link.announce(
			describeDevices([{ deviceId: 'usb-mic', label: 'USB microphone' }], false),
		);
		await uplink.begin(1, 'usb-mic');
		expect(server.log).toEqual(['start s1 1 usb-mic']);
	});

	it('says the server is unreachable when the first connection fails', () => {
		const server = new FakeCaptureServer();
		server.up = false;
		const { uplink, socket } = page(server, new MemoryOutboxStore());
		expect(uplink.status).toBe('offline');
		server.up = true;
		socket.connect();
		expect(uplink.status).toBe('connected');
	});

	it('announces its devices on every connection', async () => {
		const server = new FakeCaptureServer();
		const { uplink, socket } = page(server, new MemoryOutboxStore());
		void uplink.link.announce([]);
		server.dropAll();
		socket.connect();
		await vi.waitFor(() => expect(server.hellos.length).toBeGreaterThanOrEqual(2));
	});
});
