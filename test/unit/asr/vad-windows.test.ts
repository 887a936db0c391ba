import { describe, expect, it } from 'vitest';
import { speechRegions } from '../../../src/lib/server/asr/vad-regions';
import { planWindows } from '../../../src/lib/server/asr/vad-windows';

const FRAME_S = 512 / 16000;

/** Probabilities from a pattern: '#' speech (0.9), '+' unsure (0.4), '.' silence (0.05). */
function probs(pattern: string): Float32Array {
	return Float32Array.from(pattern, (c) => (c === '#' ? 0.9 : c === '+' ? 0.4 : 0.05));
}

function coverage(windows: { start: number; end: number }[], start: number, end: number): number {
	return windows
		.map((w) => Math.max(0, Math.min(w.end, end) - Math.max(w.start, start)))
		.reduce((a, b) => a + b, 0);
}

describe('speechRegions (get_speech_timestamps)', () => {
	const total = (frames: number) => frames * 512;

	it('pads regions and converts to seconds', () => {
		const p = probs('.'.repeat(50) + '#'.repeat(30) + '.'.repeat(50));
		const [region, ...rest] = speechRegions(p, total(p.length));
		if (!region) throw new Error('no region');
		expect(rest).toEqual([]);
		expect(region.start).toBeCloseTo(50 * FRAME_S - 0.2, 6);
		expect(region.end).toBeCloseTo(80 * FRAME_S + 0.2, 6);
	});

	it('bridges pauses shorter than minSilenceMs, splits longer ones', () => {
		const short = probs('#'.repeat(20) + '.'.repeat(10) + '#'.repeat(20) + '.'.repeat(40));
		expect(speechRegions(short, total(short.length))).toHaveLength(1); // 0.32 s pause
		const long = probs('#'.repeat(20) + '.'.repeat(30) + '#'.repeat(20) + '.'.repeat(40));
		const two = speechRegions(long, total(long.length)); // 0.96 s pause
		expect(two).toHaveLength(2);
		expect(two[0]!.end).toBeLessThanOrEqual(two[1]!.start);
	});

	it('uses hysteresis: unsure frames keep speech going but do not start it', () => {
		const p = probs('+'.repeat(20) + '#'.repeat(20) + '+'.repeat(40) + '.'.repeat(40));
		const [region] = speechRegions(p, total(p.length), { speechPadMs: 0 });
		if (!region) throw new Error('no region');
		expect(region.start).toBeCloseTo(20 * FRAME_S, 6);
		expect(region.end).toBeCloseTo(80 * FRAME_S, 6);
	});

	it('drops blips shorter than minSpeechMs and keeps speech running to the end', () => {
		const blip = probs('.'.repeat(20) + '###' + '.'.repeat(40));
		expect(speechRegions(blip, total(blip.length))).toEqual([]);
		const tail = probs('.'.repeat(20) + '#'.repeat(30));
		const [region] = speechRegions(tail, total(tail.length) - 100);
		if (!region) throw new Error('no region');
		expect(region.end).toBeCloseTo((total(tail.length) - 100) / 16000, 6);
	});
});

describe('planWindows', () => {
	it('returns no windows for no speech', () => {
		expect(planWindows([])).toEqual([]);
	});

	it('splits 70 s of speech into windows of at most 30 s covering all of it', () => {
		const windows = planWindows([{ start: 0, end: 70 }]);
		expect(windows.length).toBe(3);
		for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
		expect(coverage(windows, 0, 70)).toBeCloseTo(70, 9);
	});

	it('cuts long speech at the least speech-like frame', () => {
		const p = new Float32Array(Math.ceil(70 / FRAME_S)).fill(0.95);
		const dip = Math.round(24 / FRAME_S);
		p[dip] = 0.2;
		const windows = planWindows([{ start: 0, end: 70 }], { probs: p });
		expect(windows[0]!.end).toBeCloseTo((dip + 0.5) * FRAME_S, 6);
		for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(30);
		expect(coverage(windows, 0, 70)).toBeCloseTo(70, 9);
	});

	it('merges nearby regions while they fit, starts anew after long silence', () => {
		const speech = [
			{ start: 1, end: 5 },
			{ start: 6, end: 12 },
			{ start: 13, end: 29 },
			{ start: 30, end: 34 }, // would make the window 33 s long
			{ start: 45, end: 50 }, // 11 s of silence before it
		];
		expect(planWindows(speech)).toEqual([
			{ start: 1, end: 29 },
			{ start: 30, end: 34 },
			{ start: 45, end: 50 },
		]);
		expect(planWindows(speech, { mergeGapS: 0.5 })).toHaveLength(5);
	});

	it('tolerates unsorted and overlapping input', () => {
		const windows = planWindows([
			{ start: 10, end: 20 },
			{ start: 0, end: 12 },
			{ start: 19, end: 25 },
		]);
		expect(windows).toEqual([{ start: 0, end: 25 }]);
	});
});
