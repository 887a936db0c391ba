import { describe, expect, it } from 'vitest';
import { downmixToMono, resample } from '../../../src/lib/server/infra/media/resample';
import { maxAbsDiff, rms, tone } from '../../helpers/audio';

/** Magnitude of the DFT of `x` at `freq` (Goertzel-style single bin), normalised to amplitude. */
function amplitudeAt(x: Float32Array, freq: number, rate: number): number {
	let re = 0;
	let im = 0;
	for (let n = 0; n < x.length; n++) {
		re += x[n]! * Math.cos((2 * Math.PI * freq * n) / rate);
		im -= x[n]! * Math.sin((2 * Math.PI * freq * n) / rate);
	}
	return (2 * Math.hypot(re, im)) / x.length;
}

const trim = (x: Float32Array) => x.subarray(400, x.length - 400); // skip edge transients
const db = (ratio: number) => 20 * Math.log10(ratio);

describe('resample', () => {
	it('keeps a 1 kHz tone at 1 kHz with its level (44.1 kHz → 16 kHz)', () => {
		const out = resample(tone(1000, 44100, 1), 44100, 16000);
		expect(out).toHaveLength(16000);
		const core = trim(out);
		expect(Math.abs(db(rms(core) / (0.5 / Math.SQRT2)))).toBeLessThan(0.05);
		expect(amplitudeAt(core, 1000, 16000)).toBeGreaterThan(0.49);
		for (const other of [900, 1100, 1200])
			expect(amplitudeAt(core, other, 16000)).toBeLessThan(0.01);
		expect(maxAbsDiff(core, trim(tone(1000, 16000, 1)))).toBeLessThan(1e-3);
	});

	const loud: [number, number][] = [
		[44100, 10000],
		[48000, 10000],
		[48000, 8500],
		[22050, 9000],
	];
	for (const [rate, freq] of loud) {
		it(`removes a ${freq / 1000} kHz tone from ${rate} Hz audio (> 40 dB down, no aliasing)`, () => {
			const out = trim(resample(tone(freq, rate, 1), rate, 16000));
			expect(db(rms(out) / (0.5 / Math.SQRT2))).toBeLessThan(-40);
		});
	}

	it('upsamples 8 kHz telephone audio cleanly', () => {
		const out = resample(tone(1000, 8000, 1), 8000, 16000);
		expect(out).toHaveLength(16000);
		expect(maxAbsDiff(trim(out), trim(tone(1000, 16000, 1)))).toBeLessThan(1e-3);
	});

	it('keeps a constant constant and returns 16 kHz input as is', () => {
		const dc = resample(new Float32Array(44100).fill(0.25), 44100, 16000);
		expect(maxAbsDiff(trim(dc), new Float32Array(dc.length - 800).fill(0.25))).toBeLessThan(1e-6);
		const same = new Float32Array(10);
		expect(resample(same, 16000, 16000)).toBe(same);
	});

	it('rejects nonsense rates', () => {
		expect(() => resample(new Float32Array(1), 0, 16000)).toThrow(RangeError);
		expect(() => resample(new Float32Array(1), 44100.5, 16000)).toThrow(RangeError);
	});
});

describe('downmixToMono', () => {
	it('averages channels', () => {
		const mono = downmixToMono([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)]);
		expect(Array.from(mono)).toEqual([0.5, 0]);
		const single = Float32Array.of(0.1);
		expect(downmixToMono([single])).toBe(single);
		expect(downmixToMono([])).toHaveLength(0);
	});
});
