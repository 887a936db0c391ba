// Kaldi-compatible log-mel filterbank, as WeSpeaker (and transformers.js' WeSpeakerFeatureExtractor)
// computes it: 25 ms Hamming frames every 10 ms, samples × 32768, DC removed, pre-emphasis 0.97,
// 512-point power spectrum, 80 mel bins (Kaldi scale, 20 Hz–Nyquist, triangular in mel), natural
// log with a floor. Computed once per channel and sliced per window (frames sit on a 10 ms grid).

export const FBANK_SHIFT = 160;
export const FBANK_LENGTH = 400;
const FFT_SIZE = 512;
const BINS = FFT_SIZE / 2 + 1;
const PREEMPHASIS = 0.97;
const MEL_FLOOR = 1.192092955078125e-7;
const SAMPLE_RATE = 16_000;

const mel = (hz: number) => 1127 * Math.log(1 + hz / 700);

interface MelBank {
	first: Int32Array;
	weights: Float32Array[];
}

const banks = new Map<number, MelBank>();

function melBank(melBins: number): MelBank {
	const cached = banks.get(melBins);
	if (cached) return cached;
	const low = mel(20);
	const high = mel(SAMPLE_RATE / 2);
	const delta = (high - low) / (melBins + 1);
	const first = new Int32Array(melBins);
	const weights: Float32Array[] = [];
	for (let m = 0; m < melBins; m++) {
		const left = low + m * delta;
		const centre = left + delta;
		const right = centre + delta;
		const row: number[] = [];
		let start = -1;
		for (let k = 0; k < BINS; k++) {
			const z = mel((k * SAMPLE_RATE) / FFT_SIZE);
			const w =
				z > left && z < right ? (z <= centre ? (z - left) / delta : (right - z) / delta) : 0;
			if (w > 0 && start < 0) start = k;
			if (start >= 0 && w > 0) row[k - start] = w;
		}
		first[m] = Math.max(0, start);
		weights.push(Float32Array.from(row, (v) => v ?? 0));
	}
	const bank = { first, weights };
	banks.set(melBins, bank);
	return bank;
}

const HAMMING = Float64Array.from(
	{ length: FBANK_LENGTH },
	(_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FBANK_LENGTH - 1)),
);

/** Bit-reversal table and twiddles of the radix-2 FFT. */
const REVERSED = Uint16Array.from({ length: FFT_SIZE }, (_, i) => {
	let r = 0;
	for (let b = 0, v = i; b < 9; b++, v >>= 1) r = (r << 1) | (v & 1);
	return r;
});
const COS = Float64Array.from({ length: FFT_SIZE / 2 }, (_, i) =>
	Math.cos((2 * Math.PI * i) / FFT_SIZE),
);
const SIN = Float64Array.from(
	{ length: FFT_SIZE / 2 },
	(_, i) => -Math.sin((2 * Math.PI * i) / FFT_SIZE),
);

function powerSpectrum(frame: Float64Array, re: Float64Array, im: Float64Array, out: Float64Array) {
	for (let i = 0; i < FFT_SIZE; i++) {
		re[REVERSED[i]!] = frame[i]!;
		im[i] = 0;
	}
	for (let size = 2; size <= FFT_SIZE; size <<= 1) {
		const half = size >> 1;
		const step = FFT_SIZE / size;
		for (let start = 0; start < FFT_SIZE; start += size) {
			for (let j = 0; j < half; j++) {
				const a = start + j;
				const b = a + half;
				const c = COS[j * step]!;
				const s = SIN[j * step]!;
				const tr = re[b]! * c - im[b]! * s;
				const ti = re[b]! * s + im[b]! * c;
				re[b] = re[a]! - tr;
				im[b] = im[a]! - ti;
				re[a] = re[a]! + tr;
				im[a] = im[a]! + ti;
			}
		}
	}
	for (let k = 0; k < BINS; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
}

/** Frames that fit in `samples` samples (Kaldi's snip_edges). */
export function fbankFrameCount(samples: number): number {
	return samples < FBANK_LENGTH ? 0 : 1 + Math.floor((samples - FBANK_LENGTH) / FBANK_SHIFT);
}

/** Log-mel features of 16 kHz samples in [-1, 1]: [frames × melBins], row-major. */
export function fbank(samples: Float32Array, melBins = 80): Float32Array {
	const frames = fbankFrameCount(samples.length);
	const { first, weights } = melBank(melBins);
	const out = new Float32Array(frames * melBins);
	const frame = new Float64Array(FFT_SIZE);
	const re = new Float64Array(FFT_SIZE);
	const im = new Float64Array(FFT_SIZE);
	const power = new Float64Array(BINS);
	for (let t = 0; t < frames; t++) {
		const offset = t * FBANK_SHIFT;
		let mean = 0;
		for (let i = 0; i < FBANK_LENGTH; i++) mean += samples[offset + i]!;
		mean /= FBANK_LENGTH;
		for (let i = 0; i < FBANK_LENGTH; i++) frame[i] = (samples[offset + i]! - mean) * 32768;
		for (let i = FBANK_LENGTH - 1; i > 0; i--) frame[i] = frame[i]! - PREEMPHASIS * frame[i - 1]!;
		frame[0] = frame[0]! * (1 - PREEMPHASIS);
		for (let i = 0; i < FBANK_LENGTH; i++) frame[i] = frame[i]! * HAMMING[i]!;
		frame.fill(0, FBANK_LENGTH);
		powerSpectrum(frame, re, im, power);
		for (let m = 0; m < melBins; m++) {
			const w = weights[m]!;
			const k0 = first[m]!;
			let e = 0;
			for (let k = 0; k < w.length; k++) e += w[k]! * power[k0 + k]!;
			out[t * melBins + m] = Math.log(Math.max(e, MEL_FLOOR));
		}
	}
	return out;
}
