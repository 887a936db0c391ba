import { describe, expect, it } from 'vitest';
import type { TranscriptionResult } from '../../../src/lib/server/asr/types';
import { LivePipeline, type FrameVad } from '../../../src/lib/server/live/pipeline';
import { SampleQueue } from '../../../src/lib/server/live/sample-queue';
import { LiveScheduler, type LiveEngine } from '../../../src/lib/server/live/scheduler';

describe('SampleQueue', () => {
	it('takes frames across chunk boundaries in order, copying only what is taken', () => {
		const q = new SampleQueue();
		const all = Float32Array.from({ length: 1000 }, (_, i) => i);
		for (let at = 0; at < 1000; at += 170) q.push(all.subarray(at, Math.min(1000, at + 170)));
		expect(q.length).toBe(1000);
		const taken = [q.take(512), q.take(300), q.take(188)];
		expect(q.length).toBe(0);
		const joined = new Float32Array(1000);
		let at = 0;
		for (const t of taken) {
			joined.set(t, at);
			at += t.length;
		}
		expect(joined).toEqual(all);
	});
});

/** An engine that never finishes (the live engine is overloaded). */
const stuckEngine: LiveEngine = {
	transcribe: () => new Promise<TranscriptionResult>(() => undefined),
	busy: true,
	queued: 0,
};

/** A VAD that stalls until released, as one does while the CPU is taken by other work. */
function stalledVad(): FrameVad & { release(): void } {
	let open: () => void = () => undefined;
	const gate = new Promise<void>((r) => (open = r));
	return { process: async () => (await gate, 0), release: () => open() };
}

describe('LivePipeline under a flood of audio', () => {
	it('holds at most LIVE_MAX_QUEUE_S of audio, skips ahead and says so', () => {
		const vads = [stalledVad(), stalledVad()];
		const skipped: number[] = [];
		const pipeline = new LivePipeline({
			sessionId: 's',
			channels: 2,
			speakers: ['You', 'Remote'],
			model: 'm',
			language: null,
			vads,
			scheduler: new LiveScheduler(stuckEngine, { maxFinals: 10 }),
			emit: () => undefined,
			onError: () => undefined,
			maxQueuedS: 5,
			onCatchUp: (s) => skipped.push(s),
		});
		// 60 s of two-channel audio in 250 ms chunks, arriving faster than VAD can take it.
		const chunk = new Int16Array(4000 * 2).fill(1000);
		for (let i = 0; i < 240; i++) pipeline.accept(i * 4000, 2, chunk);
		expect(skipped.length).toBeGreaterThan(0);
		expect(pipeline.lagSeconds).toBeLessThanOrEqual(5);
		// Everything not held was skipped, nothing lost track of: held + skipped = received.
		expect(pipeline.skippedSeconds + pipeline.lagSeconds).toBeCloseTo(60, 1);
		for (const v of vads) v.release();
		pipeline.abort();
	});
});
