import { describe, expect, it } from 'vitest';
import type { TranscriptionResult } from '../../../src/lib/server/asr/types';
import {
	LIVE_PRIORITY,
	LiveScheduler,
	type LiveEngine,
	type LiveTask,
} from '../../../src/lib/server/live/scheduler';

/** An engine whose calls finish when the test says so. */
class HeldEngine implements LiveEngine {
	calls: { tag: string; priority?: number; finish: () => void }[] = [];
	queued = 0;
	get busy() {
		return this.calls.some((c) => c.tag !== '');
	}
	transcribe(
		channels: Float32Array[],
		_r: unknown,
		control?: { priority?: number; signal?: AbortSignal },
	) {
		return new Promise<TranscriptionResult>((resolve, reject) => {
			const call = {
				tag: String(channels[0]![0]),
				priority: control?.priority,
				finish: () => {
					call.tag = '';
					resolve({ segments: [], language: 'en' } as unknown as TranscriptionResult);
				},
			};
			this.calls.push(call);
			control?.signal?.addEventListener('abort', () => {
				call.tag = '';
				reject(new Error('cancelled'));
			});
		});
	}
	async finishNext() {
		this.calls.find((c) => c.tag !== '')!.finish();
		await new Promise((r) => setTimeout(r, 0));
	}
	running() {
		return this.calls.filter((c) => c.tag !== '').map((c) => c.tag);
	}
}

const done: string[] = [];
function task(id: number, final: boolean, key = `k${id}`): LiveTask {
	return {
		sessionId: 's',
		key,
		final,
		audio: Float32Array.of(id),
		seconds: 1,
		request: { model: 'm' },
		done: (r) => done.push(`${id}:${r ? 'ok' : 'skipped'}`),
	};
}

describe('LiveScheduler', () => {
	it('runs one task at a time at live priority, finals before partials, newest partial only', async () => {
		done.length = 0;
		const engine = new HeldEngine();
		const s = new LiveScheduler(engine, { maxFinals: 10 });
		s.submit(task(1, true));
		s.submit(task(2, false, 'u'));
		s.submit(task(3, false, 'u'));
		s.submit(task(4, true));
		expect(engine.running()).toEqual(['1']);
		expect(engine.calls[0]!.priority).toBe(LIVE_PRIORITY);
		expect(s.pendingFinals('s')).toBe(2);
		expect(s.backlogSeconds('s')).toBe(2);
		await engine.finishNext();
		expect(engine.running()).toEqual(['4']);
		await engine.finishNext();
		expect(engine.running()).toEqual(['3']);
		await engine.finishNext();
		expect(done).toEqual(['2:skipped', '1:ok', '4:ok', '3:ok']);
		expect(s.droppedPartials).toBe(1);
	});

	it('holds partials while the engine is busy with other work, and refuses finals past the bound', () => {
		done.length = 0;
		const engine = new HeldEngine();
		engine.queued = 1;
		const s = new LiveScheduler(engine, { maxFinals: 1 });
		s.submit(task(1, false));
		expect(engine.running()).toEqual([]);
		expect(s.submit(task(2, true))).toBe(true);
		expect(s.submit(task(3, true))).toBe(true);
		expect(s.submit(task(4, true))).toBe(false);
		s.stop();
		expect(done).toContain('3:skipped');
		expect(done).toContain('1:skipped');
	});

	it('stops a running partial when a final comes in', async () => {
		done.length = 0;
		const engine = new HeldEngine();
		const s = new LiveScheduler(engine, { maxFinals: 10 });
		s.submit(task(1, false));
		expect(engine.running()).toEqual(['1']);
		s.submit(task(2, true));
		await new Promise((r) => setTimeout(r, 0));
		expect(engine.running()).toEqual(['2']);
		await engine.finishNext();
		expect(done).toEqual(['1:skipped', '2:ok']);
		expect(s.droppedPartials).toBe(1);
	});

	it('runs a speculative partial before other partials, even while the engine is busy', async () => {
		done.length = 0;
		const engine = new HeldEngine();
		engine.queued = 1; // someone else's work is waiting: ordinary partials hold back
		const s = new LiveScheduler(engine, { maxFinals: 10 });
		s.submit(task(1, false, 'a'));
		s.submit({ ...task(2, false, 'b'), speculative: true });
		expect(engine.running()).toEqual(['2']);
		// A final for another utterance does not stop it: it is likely a final itself.
		s.submit(task(3, true));
		await new Promise((r) => setTimeout(r, 0));
		expect(engine.running()).toEqual(['2']);
		await engine.finishNext();
		expect(engine.running()).toEqual(['3']);
		await engine.finishNext();
		expect(done).toEqual(['2:ok', '3:ok']);
	});

	it('promotes a waiting speculative partial to a final, keeping its work', async () => {
		done.length = 0;
		const engine = new HeldEngine();
		const s = new LiveScheduler(engine, { maxFinals: 10 });
		s.submit(task(1, true));
		s.submit(task(2, false, 'p'));
		s.submit({ ...task(3, false, 'u'), speculative: true });
		expect(s.promote('u')).toBe(true);
		expect(s.pendingFinals('s')).toBe(2);
		await engine.finishNext();
		// Now a final: before the ordinary partial.
		expect(engine.running()).toEqual(['3']);
		await engine.finishNext();
		await engine.finishNext();
		expect(done).toEqual(['1:ok', '3:ok', '2:ok']);
		expect(engine.calls).toHaveLength(3);
	});

	it('promotes a running speculative partial: no second engine call', async () => {
		done.length = 0;
		const engine = new HeldEngine();
		const s = new LiveScheduler(engine, { maxFinals: 10 });
		s.submit({ ...task(1, false, 'u'), speculative: true });
		expect(engine.running()).toEqual(['1']);
		expect(s.promote('u')).toBe(true);
		expect(s.pendingFinals('s')).toBe(1);
		await engine.finishNext();
		expect(done).toEqual(['1:ok']);
		expect(engine.calls).toHaveLength(1);
		// Nothing left to promote: the caller submits the final instead.
		expect(s.promote('u')).toBe(false);
		expect(s.promote('other')).toBe(false);
	});
});
