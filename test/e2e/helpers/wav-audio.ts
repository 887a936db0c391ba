import fs from 'node:fs';

export interface Pcm {
	sampleRate: number;
	/** One array per channel, in [-1, 1). */
	channels: Float32Array[];
	frames: number;
}

/** Reads a 16-bit PCM WAV (any chunk order). */
export function readWav(file: string): Pcm {
	const buf = fs.readFileSync(file);
	if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
		throw new Error(`${file} is not a WAV file`);
	let offset = 12;
	let fmt: { channels: number; sampleRate: number; bits: number } | null = null;
	while (offset + 8 <= buf.length) {
		const id = buf.toString('ascii', offset, offset + 4);
		const size = buf.readUInt32LE(offset + 4);
		const body = offset + 8;
		if (id === 'fmt ')
			fmt = {
				channels: buf.readUInt16LE(body + 2),
				sampleRate: buf.readUInt32LE(body + 4),
				bits: buf.readUInt16LE(body + 14),
			};
		if (id === 'data') {
			if (!fmt || fmt.bits !== 16) throw new Error(`${file}: expected 16-bit PCM`);
			const bytes = Math.min(size, buf.length - body);
			const frames = Math.floor(bytes / (2 * fmt.channels));
			const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
			for (let i = 0; i < frames; i++)
				for (let c = 0; c < fmt.channels; c++)
					channels[c]![i] = buf.readInt16LE(body + 2 * (i * fmt.channels + c)) / 32768;
			return { sampleRate: fmt.sampleRate, channels, frames };
		}
		offset = body + size + (size % 2);
	}
	throw new Error(`${file} has no data chunk`);
}

/** In-place iterative radix-2 FFT. */
function fft(re: Float64Array, im: Float64Array, inverse = false): void {
	const n = re.length;
	for (let i = 1, j = 0; i < n; i++) {
		let bit = n >> 1;
		for (; j & bit; bit >>= 1) j ^= bit;
		j ^= bit;
		if (i < j) {
			[re[i], re[j]] = [re[j]!, re[i]!];
			[im[i], im[j]] = [im[j]!, im[i]!];
		}
	}
	for (let len = 2; len <= n; len <<= 1) {
		const ang = ((inverse ? 2 : -2) * Math.PI) / len;
		const wr = Math.cos(ang);
		const wi = Math.sin(ang);
		for (let i = 0; i < n; i += len) {
			let cr = 1;
			let ci = 0;
			for (let k = 0; k < len / 2; k++) {
				const a = i + k;
				const b = a + len / 2;
				const tr = re[b]! * cr - im[b]! * ci;
				const ti = re[b]! * ci + im[b]! * cr;
				re[b] = re[a]! - tr;
				im[b] = im[a]! - ti;
				re[a] = re[a]! + tr;
				im[a] = im[a]! + ti;
				[cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
			}
		}
	}
}

/** The lag L that best lines up `x` with `ref` (x[n] ≈ ref[n + L]), by FFT cross-correlation. */
export function bestLag(x: Float32Array, ref: Float32Array): number {
	let n = 1;
	while (n < x.length + ref.length) n <<= 1;
	const xr = new Float64Array(n);
	const xi = new Float64Array(n);
	const rr = new Float64Array(n);
	const ri = new Float64Array(n);
	xr.set(x);
	rr.set(ref);
	fft(xr, xi);
	fft(rr, ri);
	// conj(X) · R
	for (let k = 0; k < n; k++) {
		const a = xr[k]!;
		const b = -xi[k]!;
		const c = rr[k]!;
		const d = ri[k]!;
		xr[k] = a * c - b * d;
		xi[k] = a * d + b * c;
	}
	fft(xr, xi, true);
	let best = 0;
	for (let k = 1; k < n; k++) if (xr[k]! > xr[best]!) best = k;
	return best > n / 2 ? best - n : best;
}

function normalised(a: Float32Array, b: Float32Array): number {
	let ab = 0;
	let aa = 0;
	let bb = 0;
	for (let i = 0; i < a.length; i++) {
		ab += a[i]! * b[i]!;
		aa += a[i]! * a[i]!;
		bb += b[i]! * b[i]!;
	}
	return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}

const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / (a.length || 1));

/**
 * Windowed correlation of a capture with its source: for each window where the source has
 * sound, the best normalised correlation within ±`slack` samples of the overall alignment
 * (the fake microphone now and then slips a 10 ms block of zeros in).
 */
export function windowedCorrelation(
	x: Float32Array,
	ref: Float32Array,
	{ window = 4000, slack = 320, minRms = 0.01 } = {},
): { lag: number; windows: number[] } {
	const lag = bestLag(x, ref);
	const windows: number[] = [];
	for (let s = 0; s + window <= x.length; s += window) {
		const a = x.subarray(s, s + window);
		const start = s + lag;
		if (start - slack < 0 || start + slack + window > ref.length) continue;
		if (rms(ref.subarray(start, start + window)) < minRms) continue;
		let best = -1;
		for (let d = -slack; d <= slack; d++)
			best = Math.max(best, normalised(a, ref.subarray(start + d, start + d + window)));
		windows.push(best);
	}
	return { lag, windows };
}

/** Amplitude of the `freq` component over the whole signal (Goertzel). */
export function toneAmplitude(x: Float32Array, freq: number, sampleRate: number): number {
	const w = (2 * Math.PI * freq) / sampleRate;
	const coeff = 2 * Math.cos(w);
	let s1 = 0;
	let s2 = 0;
	for (let i = 0; i < x.length; i++) {
		const s0 = x[i]! + coeff * s1 - s2;
		s2 = s1;
		s1 = s0;
	}
	const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
	return (2 * Math.sqrt(Math.max(0, power))) / x.length;
}
