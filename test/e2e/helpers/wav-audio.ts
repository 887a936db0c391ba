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

/**
 * Zero-phase low-pass (Blackman-windowed sinc). Comparisons run below 6 kHz: the capture's
 * anti-alias filter starts rolling off at 6.4 kHz, the reference's (sox) later, and the
 * fricatives of quiet windows live up there.
 */
export function lowPass(x: Float32Array, cutoffHz: number, sampleRate: number, taps = 255) {
	const fc = cutoffHz / sampleRate;
	const half = (taps - 1) / 2;
	const h = Float64Array.from({ length: taps }, (_, j) => {
		const t = j - half;
		const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
		const w =
			0.42 -
			0.5 * Math.cos((2 * Math.PI * j) / (taps - 1)) +
			0.08 * Math.cos((4 * Math.PI * j) / (taps - 1));
		return sinc * w;
	});
	const sum = h.reduce((a, b) => a + b, 0);
	return fir(x, h, sum);
}

/** `x` delayed by `d` samples (|d| < 1), by windowed-sinc interpolation. */
function fractionalDelay(x: Float32Array, d: number, taps = 63): Float32Array {
	const half = (taps - 1) / 2;
	const h = Float64Array.from({ length: taps }, (_, j) => {
		const t = j - half - d;
		const w = 0.5 + 0.5 * Math.cos((Math.PI * t) / (half + 1));
		return (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t)) * w;
	});
	return fir(x, h);
}

/** `x` through the centred (zero-phase) FIR filter `h`, divided by `norm`; zeros beyond the ends. */
function fir(x: Float32Array, h: Float64Array, norm = 1): Float32Array {
	const half = (h.length - 1) / 2;
	const y = new Float32Array(x.length);
	for (let i = 0; i < x.length; i++) {
		let acc = 0;
		for (let j = 0; j < h.length; j++) {
			const k = i + half - j;
			if (k >= 0 && k < x.length) acc += h[j]! * x[k]!;
		}
		y[i] = acc / norm;
	}
	return y;
}

/**
 * The reference shifted by the fraction of a sample that best lines it up with the capture:
 * browsers resample on the way in, and half a sample at 16 kHz is a large phase error at 5 kHz.
 */
function alignFraction(x: Float32Array, ref: Float32Array, lag: number): Float32Array {
	const n = Math.min(x.length, ref.length - Math.max(0, lag)) - 1;
	const a = x.subarray(Math.max(0, -lag), n);
	let best = ref;
	let bestCorr = -Infinity;
	for (let d = -0.5; d <= 0.5; d += 0.05) {
		const shifted = fractionalDelay(ref, d);
		const b = shifted.subarray(Math.max(0, lag), Math.max(0, lag) + a.length);
		const c = normalised(a, b);
		if (c > bestCorr) [best, bestCorr] = [shifted, c];
	}
	return best;
}

const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / (a.length || 1));

export interface WindowScore {
	/** Start of the window in the capture, in samples. */
	at: number;
	correlation: number;
	/** Runs of exact zeros (≥ 32 samples) in the capture window, their lengths in samples. */
	zeroRuns: number[];
	/** The window holds one of the fake microphone's hiccups (see deviceHiccup). */
	hiccup: boolean;
}

/**
 * Chromium's fake microphone now and then slips in 10 ms of zeros: a run of 8–12 ms of exact
 * zeros in the capture where the source has sound. A lost chunk would be 250 ms of zeros, and
 * is not mistaken for one.
 */
function deviceHiccup(raw: Float32Array, ref: Float32Array, from: number, to: number, lag: number) {
	let run = 0;
	for (let i = from; i <= to; i++) {
		if (i < to && raw[i] === 0) {
			run++;
			continue;
		}
		if (run >= 128 && run <= 192 && rms(ref.subarray(i - run + lag, i + lag)) > 0.005) return true;
		run = 0;
	}
	return false;
}

function zeroRuns(x: Float32Array): number[] {
	const runs: number[] = [];
	let run = 0;
	for (let i = 0; i <= x.length; i++) {
		if (i < x.length && x[i] === 0) run++;
		else {
			if (run >= 32) runs.push(run);
			run = 0;
		}
	}
	return runs;
}

/**
 * Windowed correlation of a capture with its source (16 kHz, compared below 6 kHz): for each
 * window where the source has sound, the best normalised correlation within ±`slack` samples
 * of the overall alignment, after aligning to a fraction of a sample.
 */
export function windowedCorrelation(
	raw: Float32Array,
	rawRef: Float32Array,
	{ window = 4000, slack = 320, minRms = 0.01 } = {},
): { lag: number; windows: WindowScore[] } {
	const x = lowPass(raw, 6000, 16000);
	const lag = bestLag(x, lowPass(rawRef, 6000, 16000));
	const ref = alignFraction(x, lowPass(rawRef, 6000, 16000), lag);
	const windows: WindowScore[] = [];
	for (let s = 0; s + window <= x.length; s += window) {
		const a = x.subarray(s, s + window);
		const start = s + lag;
		if (start - slack < 0 || start + slack + window > ref.length) continue;
		if (rms(ref.subarray(start, start + window)) < minRms) continue;
		let best = -1;
		for (let d = -slack; d <= slack; d++)
			best = Math.max(best, normalised(a, ref.subarray(start + d, start + d + window)));
		windows.push({
			at: s,
			correlation: best,
			zeroRuns: zeroRuns(raw.subarray(s, s + window)),
			hiccup: deviceHiccup(raw, rawRef, s, s + window, lag),
		});
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
