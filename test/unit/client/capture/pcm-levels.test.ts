import { describe, expect, it } from 'vitest';
import { LevelMeter, toDbfs } from '../../../../src/lib/client/capture/levels';
import { framesOf, interleaveInt16, toInt16 } from '../../../../src/lib/client/capture/pcm';

describe('16-bit PCM', () => {
	it('scales, rounds and clips', () => {
		expect([1, -1, 0, 0.5, -0.5, 2, -2, 1e-6].map(toInt16)).toEqual([
			32767, -32768, 0, 16384, -16384, 32767, -32768, 0,
		]);
	});

	it('interleaves channel 0 (microphone) before channel 1 (tab)', () => {
		const pcm = interleaveInt16([Float32Array.of(0.5, 1), Float32Array.of(-0.5, -1)]);
		expect([...pcm]).toEqual([16384, -16384, 32767, -32768]);
		expect(framesOf(pcm.byteLength, 2)).toBe(2);
	});

	it('is little-endian on the wire, as the WAV file wants', () => {
		const bytes = new Uint8Array(interleaveInt16([Float32Array.of(toInt16(1) / 32767)]).buffer);
		expect([...bytes]).toEqual([0xff, 0x7f]);
	});

	it('refuses channels of different lengths', () => {
		expect(() => interleaveInt16([new Float32Array(2), new Float32Array(3)])).toThrow(RangeError);
	});
});

describe('level meter', () => {
	it('reports RMS and peak since the last reading', () => {
		const m = new LevelMeter();
		m.add(Float32Array.of(0.5, -0.5));
		m.add(Float32Array.of(-1, 0));
		const l = m.read();
		expect(l.peak).toBe(1);
		expect(l.rms).toBeCloseTo(Math.sqrt((0.25 + 0.25 + 1) / 4));
		expect(m.read()).toEqual({ rms: 0, peak: 0 });
	});

	it('converts to dBFS with a floor for silence', () => {
		expect(toDbfs(1)).toBe(0);
		expect(toDbfs(0.5)).toBeCloseTo(-6.02, 2);
		expect(toDbfs(0)).toBe(-60);
		expect(toDbfs(1e-9)).toBe(-60);
	});
});
