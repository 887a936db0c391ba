import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWav } from '../../src/lib/server/infra/media/wav';

export const FIXTURES = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));

/** espeak-ng "this is a meeting transcription test", 16 kHz mono, ~2.4 s. */
export function loadSpeech(): Float32Array {
	return parseWav(readFileSync(`${FIXTURES}speech.wav`)).channels[0]!;
}

export function tone(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
	const out = new Float32Array(Math.round(rate * seconds));
	for (let i = 0; i < out.length; i++)
		out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
	return out;
}

/** Deterministic uniform noise in [-amplitude, amplitude). */
export function noise(length: number, amplitude: number, seed = 1): Float32Array {
	const out = new Float32Array(length);
	let state = seed >>> 0;
	for (let i = 0; i < length; i++) {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		out[i] = (state / 2 ** 32 - 0.5) * 2 * amplitude;
	}
	return out;
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
	let sum = 0;
	for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
	return Math.sqrt(sum / Math.max(1, to - from));
}

/** Concatenates pieces; numbers stand for that many seconds of silence at `rate`. */
export function concat(pieces: (Float32Array | number)[], rate = 16000): Float32Array {
	const arrays = pieces.map((p) =>
		typeof p === 'number' ? new Float32Array(Math.round(p * rate)) : p,
	);
	const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
	let at = 0;
	for (const a of arrays) {
		out.set(a, at);
		at += a.length;
	}
	return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
	if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
	let max = 0;
	for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
	return max;
}
