// Filter designs for the constructed test models.

/** Hann window of length n (symmetric). */
export function hann(n: number): Float64Array {
	const w = new Float64Array(n);
	for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
	return w;
}

/** Windowed-sinc low-pass FIR with unit DC gain; `cutoff` is a fraction of the sample rate. */
export function lowPass(taps: number, cutoff: number): Float32Array {
	const w = hann(taps);
	const h = new Float64Array(taps);
	const mid = (taps - 1) / 2;
	let sum = 0;
	for (let i = 0; i < taps; i++) {
		const t = i - mid;
		h[i] = (t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t)) * w[i]!;
		sum += h[i]!;
	}
	return Float32Array.from(h, (v) => v / sum);
}

/**
 * Hann-windowed cosine and sine kernels at `freqs` (Hz) for a signal at `rate` Hz, as Conv weights
 * [2 × freqs, 1, taps]: cosines first, then sines; scaled so a unit sinusoid gives power ≈ 1/4.
 */
export function dftKernels(freqs: readonly number[], rate: number, taps: number): Float32Array {
	const w = hann(taps);
	const norm = w.reduce((a, b) => a + b, 0);
	const out = new Float32Array(2 * freqs.length * taps);
	freqs.forEach((f, m) => {
		for (let i = 0; i < taps; i++) {
			const phase = (2 * Math.PI * f * i) / rate;
			out[m * taps + i] = (w[i]! * Math.cos(phase)) / norm;
			out[(freqs.length + m) * taps + i] = (w[i]! * Math.sin(phase)) / norm;
		}
	});
	return out;
}
