import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../../src/lib/client/capture/resampler';

const sine = (freq: number, rate: number, seconds: number, amp = 0.5) =>
	Float32Array.from(
		{ length: Math.round(rate * seconds) },
		(_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate),
	);

const rms = (x: Float32Array, from = 0, to = x.length) => {
	let s = 0;
	for (let i = from; i < to; i++) s += x[i]! ** 2;
	return Math.sqrt(s / (to - from));
};

/** Feeds the signal in render-quantum-sized pieces (as the AudioWorklet does), then flushes. */
function run(r: Resampler, x: Float32Array, block = 128): Float32Array {
	const parts: Float32Array[] = [];
	for (let i = 0; i < x.length; i += block) parts.push(r.process(x.subarray(i, i + block)));
	parts.push(r.flush());
	const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

describe.each([44100, 48000, 22050, 96000])('Resampler %i Hz → 16 kHz', (inRate) => {
	it('makes exactly outputLength(total) samples, in any block size', () => {
		const x = sine(440, inRate, 1.37);
		const expected = Math.floor((x.length * 16000) / inRate);
		for (const block of [1, 128, 1000, x.length]) {
			expect(run(new Resampler(inRate, 16000), x, block).length).toBe(expected);
		}
	});

	it('gives the same samples whatever the block size', () => {
		const x = sine(1234, inRate, 0.5);
		const a = run(new Resampler(inRate, 16000), x, 128);
		const b = run(new Resampler(inRate, 16000), x, 777);
		expect(b).toEqual(a);
	});

	it.each([100, 1000, 3000, 6000])('passes %i Hz at unity gain (±0.1 dB)', (f) => {
		const y = run(new Resampler(inRate, 16000), sine(f, inRate, 1));
		const gainDb = 20 * Math.log10(rms(y, 2000, 14000) / (0.5 / Math.SQRT2));
		expect(Math.abs(gainDb)).toBeLessThan(0.1);
	});

	it('puts the -6 dB point near 7.2 kHz', () => {
		const y = run(new Resampler(inRate, 16000), sine(7200, inRate, 1));
		const gainDb = 20 * Math.log10(rms(y, 2000, 14000) / (0.5 / Math.SQRT2));
		expect(gainDb).toBeGreaterThan(-7);
		expect(gainDb).toBeLessThan(-5);
	});

	it.each([8000, 8500, 9000, 12000, 15000, 20000])(
		'stops %i Hz (would alias) by at least 80 dB',
		(f) => {
			if (f >= inRate / 2) return;
			const y = run(new Resampler(inRate, 16000), sine(f, inRate, 1));
			const gainDb = 20 * Math.log10(rms(y, 2000, 14000) / (0.5 / Math.SQRT2) + 1e-12);
			expect(gainDb).toBeLessThan(-80);
		},
	);

	it('keeps time: an impulse at 0.2 s comes out at sample 3200', () => {
		const x = new Float32Array(inRate);
		x[inRate * 0.2] = 1;
		const y = run(new Resampler(inRate, 16000), x);
		let peak = 0;
		for (let i = 1; i < y.length; i++) if (Math.abs(y[i]!) > Math.abs(y[peak]!)) peak = i;
		expect(peak).toBe(3200);
	});
});

describe('Resampler edge cases', () => {
	it('upsamples 8 kHz to 16 kHz keeping a 1 kHz tone', () => {
		const y = run(new Resampler(8000, 16000), sine(1000, 8000, 1));
		expect(y.length).toBe(16000);
		expect(Math.abs(20 * Math.log10(rms(y, 2000, 14000) / (0.5 / Math.SQRT2)))).toBeLessThan(0.1);
	});

	it('refuses rates it cannot resample exactly', () => {
		expect(() => new Resampler(44100.5, 16000)).toThrow(RangeError);
		expect(() => new Resampler(0, 16000)).toThrow(RangeError);
		expect(() => new Resampler(44101, 16000)).toThrow(/exactly/);
	});

	it('returns nothing more after flush has produced the tail', () => {
		const r = new Resampler(48000, 16000);
		const head = r.process(new Float32Array(480)).length;
		expect(head + r.flush().length).toBe(160);
		expect(r.flush().length).toBe(0);
	});
});
