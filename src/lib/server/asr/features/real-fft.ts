import { createComplexFft } from './fft';

/**
 * Power spectrum |X[k]|² (k = 0..n/2) of a windowed real frame of even length n, computed with one
 * complex FFT of n/2 points: pack even samples as real and odd samples as imaginary, transform,
 * then untangle the two half spectra with precomputed twiddles e^{-2πik/n}.
 */
export interface PowerSpectrum {
	readonly bins: number;
	/**
	 * Reads n samples of `signal` from `offset`, multiplies them by `window` and writes
	 * n/2 + 1 bins to `power`. Windowing is fused into the packing to save a pass per frame.
	 */
	compute(signal: Float64Array, offset: number, window: Float64Array, power: Float64Array): void;
}

export function createPowerSpectrum(n: number): PowerSpectrum {
	if (n % 2 !== 0 || n < 4) throw new RangeError(`real FFT size must be even and ≥ 4: ${n}`);
	const half = n / 2;
	const fft = createComplexFft(half);
	const re = new Float64Array(half);
	const im = new Float64Array(half);
	// Half-angle twiddles, pre-halved so the loop below needs no 0.5 factors.
	const cos = new Float64Array(half);
	const sin = new Float64Array(half);
	for (let k = 0; k < half; k++) {
		cos[k] = 0.5 * Math.cos((-2 * Math.PI * k) / n);
		sin[k] = 0.5 * Math.sin((-2 * Math.PI * k) / n);
	}
	return {
		bins: half + 1,
		compute(signal, offset, window, power) {
			for (let j = 0; j < half; j++) {
				re[j] = signal[offset + 2 * j]! * window[2 * j]!;
				im[j] = signal[offset + 2 * j + 1]! * window[2 * j + 1]!;
			}
			fft.transform(re, im);
			// DC and Nyquist bins are real: X[0] = Re Z0 + Im Z0, X[n/2] = Re Z0 - Im Z0.
			const dc = re[0]! + im[0]!;
			const nyquist = re[0]! - im[0]!;
			power[0] = dc * dc;
			power[half] = nyquist * nyquist;
			for (let k = 1; k < half; k++) {
				const ar = re[k]!;
				const ai = im[k]!;
				const br = re[half - k]!;
				const bi = im[half - k]!;
				// Even part E = (A + conj B)/2, odd part O = (A - conj B)/(2i); X = E + W^k·O.
				const or = ai + bi;
				const oi = br - ar;
				const xr = 0.5 * (ar + br) + cos[k]! * or - sin[k]! * oi;
				const xi = 0.5 * (ai - bi) + cos[k]! * oi + sin[k]! * or;
				power[k] = xr * xr + xi * xi;
			}
		},
	};
}
