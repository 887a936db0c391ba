import { describe, expect, it } from 'vitest';
import { toLiveRate } from '../../../src/lib/server/live/rate';

/** A 440 Hz tone at `rate` on both channels (the second at half level), frames [from, to). */
function tone(rate: number, from: number, to: number): Int16Array {
	const out = new Int16Array((to - from) * 2);
	for (let i = from; i < to; i++) {
		const v = Math.sin((2 * Math.PI * 440 * i) / rate) * 16000;
		out[(i - from) * 2] = Math.round(v);
		out[(i - from) * 2 + 1] = Math.round(v / 2);
	}
	return out;
}

const chunk = (sampleRate: number, sampleIndex: number, pcm: Int16Array) => ({
	sessionId: 's',
	sampleIndex,
	channels: 2,
	sampleRate,
	pcm,
});

describe('live audio of sessions at other rates', () => {
	it('leaves 16 kHz chunks alone', () => {
		const a = chunk(16000, 320, tone(16000, 320, 640));
		expect(toLiveRate(a)).toBe(a);
	});

	it('brings 44.1 kHz chunks to 16 kHz, neighbours staying neighbours, the tone kept', () => {
		const edges = [0, 11025, 22050, 33075, 44100];
		const parts = edges.slice(1).map((end, i) => {
			const start = edges[i]!;
			return toLiveRate(chunk(44100, start, tone(44100, start, end)));
		});
		for (let i = 1; i < parts.length; i++) {
			const prev = parts[i - 1]!;
			expect(parts[i]!.sampleIndex).toBe(prev.sampleIndex + prev.pcm.length / 2);
		}
		expect(parts.reduce((n, p) => n + p.pcm.length / 2, 0)).toBe(16000);
		const expected = tone(16000, 0, 16000);
		// Away from the chunk edges the samples are the tone at 16 kHz, channel by channel.
		for (const p of parts) {
			for (let i = 100; i < p.pcm.length / 2 - 100; i++) {
				const at = (p.sampleIndex + i) * 2;
				expect(Math.abs(p.pcm[i * 2]! - expected[at]!)).toBeLessThan(200);
				expect(Math.abs(p.pcm[i * 2 + 1]! - expected[at + 1]!)).toBeLessThan(200);
			}
			expect(p.sampleRate).toBe(16000);
		}
	});
});
