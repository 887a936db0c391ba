import { describe, expect, it } from 'vitest';
import type { CaptureAck } from '../../../../src/lib/contracts/capture';
import { Outbox } from '../../../../src/lib/client/capture/outbox';
import {
	MemoryOutboxStore,
	type OutboxChunk,
} from '../../../../src/lib/client/capture/outbox-store';

const FRAMES = 4000;
const chunk = (seq: number, session_id = 'a', channels: 1 | 2 = 1): OutboxChunk => ({
	session_id,
	seq,
	sample_index: seq * FRAMES,
	channels,
	pcm: new ArrayBuffer(FRAMES * 2 * channels),
});

/** A send function whose acks the test hands out one by one. */
function manualSend() {
	const calls: {
		chunk: OutboxChunk;
		resolve: (a: CaptureAck) => void;
		reject: (e: Error) => void;
	}[] = [];
	const send = (c: OutboxChunk) =>
		new Promise<CaptureAck>((resolve, reject) => calls.push({ chunk: c, resolve, reject }));
	return { send, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

class RecordingStore extends MemoryOutboxStore {
	readonly events: string[] = [];
	failPuts = false;
	override async putChunk(c: OutboxChunk) {
		if (this.failPuts) throw new DOMException('full', 'QuotaExceededError');
		this.events.push(`put ${c.seq}`);
		return super.putChunk(c);
	}
}

describe('Outbox', () => {
	it('waits as long as the server asks when it is rate limited, then sends the chunk again', async () => {
		const store = new MemoryOutboxStore();
		const outbox = new Outbox(store);
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		await outbox.add(chunk(0));
		await settle();
		calls[0]!.resolve({
			ok: false,
			error_code: 'RATE_LIMITED',
			message: 'Too many chunks',
			retry_after_seconds: 1,
		});
		await settle();
		// Not refused (that would stop the session for good): waiting, the chunk kept.
		expect(outbox.gate('a').state).toBe('waiting');
		expect((await store.listChunks()).map((c) => c.seq)).toEqual([0]);
		await expect.poll(() => calls.length, { timeout: 5000 }).toBe(2);
		expect(calls[1]!.chunk.seq).toBe(0);
		calls[1]!.resolve({ ok: true, seq: 0 });
		await expect.poll(async () => (await store.listChunks()).length).toBe(0);
		expect(outbox.gate('a').state).toBe('open');
	});

	it('stores every chunk before it is sent and deletes it only on an ok ack', async () => {
		const store = new RecordingStore();
		const outbox = new Outbox(store);
		const { send, calls } = manualSend();
		outbox.connection(async (c) => {
			store.events.push(`send ${c.seq}`);
			return send(c);
		});
		outbox.open('a');
		await outbox.add(chunk(0));
		await outbox.add(chunk(1));
		await settle();
		expect(store.events).toEqual(['put 0', 'send 0', 'put 1', 'send 1']);
		calls[0]!.resolve({ ok: true, seq: 0 });
		await settle();
		expect((await store.listChunks()).map((c) => c.seq)).toEqual([1]);
		expect(outbox.pendingFrames('a')).toBe(FRAMES);
	});

	it('sends nothing for a session until it is open on the current connection', async () => {
		const outbox = new Outbox(new MemoryOutboxStore());
		const { send, calls } = manualSend();
		outbox.connection(send);
		await outbox.add(chunk(0));
		await settle();
		expect(calls).toHaveLength(0);
		outbox.open('a');
		await settle();
		expect(calls).toHaveLength(1);
	});

	it('sends again what timed out, and keeps it until acknowledged', async () => {
		const store = new MemoryOutboxStore();
		const outbox = new Outbox(store);
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		await outbox.add(chunk(0));
		await settle();
		calls[0]!.reject(new Error('operation has timed out'));
		await settle();
		expect(calls.map((c) => c.chunk.seq)).toEqual([0, 0]);
		expect(await store.listChunks()).toHaveLength(1);
		calls[1]!.resolve({ ok: true });
		await settle();
		expect(await store.listChunks()).toHaveLength(0);
	});

	it('keeps at most `window` chunks in flight, oldest first', async () => {
		const outbox = new Outbox(new MemoryOutboxStore(), { window: 3 });
		const { send, calls } = manualSend();
		for (let i = 0; i < 10; i++) await outbox.add(chunk(i));
		outbox.connection(send);
		outbox.open('a');
		await settle();
		expect(calls.map((c) => c.chunk.seq)).toEqual([0, 1, 2]);
		calls[1]!.resolve({ ok: true });
		await settle();
		expect(calls.map((c) => c.chunk.seq)).toEqual([0, 1, 2, 3]);
	});

	it('resends everything unacknowledged on a new connection; a late ack still counts', async () => {
		const store = new MemoryOutboxStore();
		const outbox = new Outbox(store);
		const first = manualSend();
		outbox.connection(first.send);
		outbox.open('a');
		for (let i = 0; i < 3; i++) await outbox.add(chunk(i));
		await settle();
		outbox.connection(null);
		const second = manualSend();
		outbox.connection(second.send);
		outbox.open('a');
		await settle();
		expect(second.calls.map((c) => c.chunk.seq)).toEqual([0, 1, 2]);
		// The old connection's ack for chunk 1 arrives after all: the audio is on disk.
		first.calls[1]!.resolve({ ok: true });
		await settle();
		expect((await store.listChunks()).map((c) => c.seq)).toEqual([0, 2]);
		for (const c of second.calls) c.resolve({ ok: true });
		await settle();
		expect(await store.listChunks()).toHaveLength(0);
	});

	it('sends every stored chunk when a session opens, oldest first', async () => {
		const store = new MemoryOutboxStore();
		const outbox = new Outbox(store);
		for (let i = 0; i < 4; i++) await outbox.add(chunk(i));
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		await settle();
		expect(calls.map((c) => c.chunk.seq)).toEqual([0, 1, 2, 3]);
	});

	it('stops sending for a session the server refuses, until it is opened again', async () => {
		const outbox = new Outbox(new MemoryOutboxStore());
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		await outbox.add(chunk(0));
		await outbox.add(chunk(1));
		await settle();
		calls[0]!.resolve({ ok: false, error_code: 'SESSION_NOT_ACTIVE', message: 'gone' });
		await settle();
		expect(outbox.gate('a')).toEqual({
			state: 'refused',
			error_code: 'SESSION_NOT_ACTIVE',
			message: 'gone',
		});
		calls[1]!.reject(new Error('timeout'));
		await settle();
		expect(calls).toHaveLength(2);
		outbox.open('a');
		await settle();
		expect(calls.map((c) => c.chunk.seq)).toEqual([0, 1, 0, 1]);
	});

	it('resolves whenDrained only once every chunk of that session is acknowledged', async () => {
		const outbox = new Outbox(new MemoryOutboxStore());
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		outbox.open('b');
		await outbox.add(chunk(0, 'a'));
		await outbox.add(chunk(0, 'b'));
		let drained = false;
		void outbox.whenDrained('a').then(() => (drained = true));
		await settle();
		calls.find((c) => c.chunk.session_id === 'b')!.resolve({ ok: true });
		await settle();
		expect(drained).toBe(false);
		calls.find((c) => c.chunk.session_id === 'a')!.resolve({ ok: true });
		await settle();
		expect(drained).toBe(true);
		expect(outbox.pendingFrames()).toBe(0);
	});

	it('keeps a chunk in memory when the store refuses it, and still delivers it', async () => {
		const store = new RecordingStore();
		store.failPuts = true;
		const outbox = new Outbox(store);
		const { send, calls } = manualSend();
		outbox.connection(send);
		outbox.open('a');
		await outbox.add(chunk(0));
		expect(outbox.unstored).toBe(1);
		await settle();
		calls[0]!.resolve({ ok: true });
		await settle();
		expect(outbox.unstored).toBe(0);
		expect(outbox.pendingFrames()).toBe(0);
	});

	it('loads only the sessions it is asked to take over', async () => {
		const store = new MemoryOutboxStore();
		await store.putChunk(chunk(0, 'mine', 2));
		await store.putChunk(chunk(1, 'mine', 2));
		await store.putChunk(chunk(0, 'other-tab'));
		const outbox = new Outbox(store);
		await outbox.load(['mine']);
		expect(outbox.sessionsWithChunks()).toEqual(['mine']);
		expect(outbox.pendingFrames()).toBe(2 * FRAMES);
	});

	it('discards a session’s unsent chunks on request', async () => {
		const store = new MemoryOutboxStore();
		const outbox = new Outbox(store);
		await outbox.add(chunk(0));
		await outbox.discard('a');
		expect(await store.listChunks()).toHaveLength(0);
		await outbox.whenDrained('a');
	});
});
