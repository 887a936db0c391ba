import { describe, expect, it } from 'vitest';
import { VAD_FRAME } from '../../../src/lib/server/asr/vad';
import { UtteranceSegmenter, type Utterance } from '../../../src/lib/server/live/segmenter';

const RATE = 16000;

/** Feeds `[seconds, prob]` runs frame by frame; returns every utterance with its frame. */
function run(seg: UtteranceSegmenter, runs: [number, number][]): Utterance[] {
	const out: Utterance[] = [];
	let frame = 0;
	for (const [seconds, prob] of runs) {
		const frames = Math.round((seconds * RATE) / VAD_FRAME);
		for (let i = 0; i < frames; i++) {
			const samples = new Float32Array(VAD_FRAME).fill(prob);
			out.push(...seg.push(frame, samples, prob));
			frame += VAD_FRAME;
		}
	}
	return out;
}

describe('UtteranceSegmenter', () => {
	it('cuts one utterance after the pause, with partials before it under the same index', () => {
		const out = run(new UtteranceSegmenter(), [
			[1, 0],
			[4, 0.9],
			[1, 0],
		]);
		const finals = out.filter((u) => u.final);
		expect(finals).toHaveLength(1);
		const f = finals[0]!;
		expect(f.startFrame / RATE).toBeCloseTo(1 - 0.15, 1);
		expect(f.endFrame / RATE).toBeCloseTo(5 + 0.15, 1);
		expect(f.audio.length).toBe(f.endFrame - f.startFrame);
		// Every sample of the final is from this utterance: the speech marker fills it but the pads.
		expect(f.audio[Math.round(0.5 * RATE)]).toBeCloseTo(0.9);
		const partials = out.filter((u) => !u.final);
		expect(partials.length).toBeGreaterThanOrEqual(2);
		for (const p of partials) {
			expect(p.index).toBe(f.index);
			expect(p.startFrame).toBe(f.startFrame);
		}
	});

	it('numbers utterances and ignores blips shorter than the minimum', () => {
		const out = run(new UtteranceSegmenter(), [
			[0.5, 0],
			[0.1, 0.9],
			[1, 0],
			[1, 0.9],
			[1, 0],
			[1, 0.9],
			[1, 0],
		]).filter((u) => u.final);
		expect(out.map((u) => u.index)).toEqual([0, 1]);
		expect(out[0]!.startFrame / RATE).toBeCloseTo(1.6 - 0.15, 1);
	});

	it('cuts long speech at the maximum length and goes on', () => {
		const out = run(new UtteranceSegmenter({ maxUtteranceS: 10 }), [
			[25, 0.9],
			[1, 0],
		]).filter((u) => u.final);
		expect(out.length).toBe(3);
		for (const u of out) expect((u.endFrame - u.startFrame) / RATE).toBeLessThanOrEqual(10.1);
		// Contiguous: no audio lost between the pieces.
		expect(out[1]!.startFrame).toBe(out[0]!.endFrame);
		expect(out[2]!.startFrame).toBe(out[1]!.endFrame);
	});

	it('flush ends the utterance in progress', () => {
		const seg = new UtteranceSegmenter();
		run(seg, [
			[0.5, 0],
			[2, 0.9],
		]);
		const u = seg.flush();
		expect(u?.final).toBe(true);
		expect(seg.flush()).toBeUndefined();
	});

	it('cuts a speculative partial when a pause starts: exactly the final, if the pause ends it', () => {
		const out = run(new UtteranceSegmenter(), [
			[1, 0],
			[2, 0.9],
			[1, 0],
		]);
		const final = out.find((u) => u.final)!;
		const speculative = out.filter((u) => u.speculative);
		expect(speculative).toHaveLength(1);
		const s = speculative[0]!;
		expect(s.final).toBe(false);
		expect([s.index, s.startFrame, s.endFrame]).toEqual([
			final.index,
			final.startFrame,
			final.endFrame,
		]);
		expect(s.audio).toEqual(final.audio);
		// It comes as soon as the trailing pad is in, not after the whole pause.
		expect(out.indexOf(s)).toBeLessThan(out.indexOf(final));
	});

	it('cuts a new speculative partial after speech resumes, and none when turned off', () => {
		const out = run(new UtteranceSegmenter(), [
			[1, 0],
			[2, 0.9],
			[0.3, 0], // a short pause inside the utterance
			[2, 0.9],
			[1, 0],
		]);
		const finals = out.filter((u) => u.final);
		expect(finals).toHaveLength(1);
		const speculative = out.filter((u) => u.speculative);
		expect(speculative).toHaveLength(2);
		expect(speculative[0]!.endFrame).toBeLessThan(finals[0]!.endFrame);
		expect(speculative[1]!.endFrame).toBe(finals[0]!.endFrame);
		const off = run(new UtteranceSegmenter({ speculate: false }), [
			[1, 0],
			[2, 0.9],
			[1, 0],
		]);
		expect(off.some((u) => u.speculative)).toBe(false);
	});
});
