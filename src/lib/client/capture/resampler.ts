/**
 * Streaming rational resampler (polyphase windowed-sinc FIR, Kaiser window).
 *
 * The low-pass sits at 45 % of the lower rate (7.2 kHz for 16 kHz output) with a transition
 * band of 10 % of that rate (6.4–8.0 kHz), so nothing above the output's Nyquist frequency folds
 * back into the band stronger than the stop-band attenuation (90 dB by default).
 */

import { besselI0, gcd } from '../../shared/dsp/kaiser';

export interface ResamplerOptions {
	/** Stop-band attenuation in dB. */
	attenuationDb?: number;
	/** -6 dB point as a fraction of the lower rate. */
	cutoff?: number;
	/** Transition band width as a fraction of the lower rate. */
	transition?: number;
}

/** Polyphase branches are tabulated exactly, so the reduced up-factor must stay modest. */
const MAX_PHASES = 4096;

export class Resampler {
	readonly up: number;
	readonly down: number;
	/** Taps per polyphase branch (input samples each output sample looks at). */
	readonly taps: number;
	/** table[phase * taps + k] multiplies x[i - k]. */
	private readonly table: Float32Array;
	private buf: Float32Array;
	/** Absolute input index of buf[0]; buf holds `len` samples. */
	private bufStart: number;
	private len = 0;
	/** Next output = sum over k of table[phase, k] * x[index - k]. */
	private index: number;
	private phase: number;
	private inputCount = 0;
	private outputCount = 0;

	constructor(
		readonly inRate: number,
		readonly outRate: number,
		opts: ResamplerOptions = {},
	) {
		if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0)
			throw new RangeError(`Unsupported sample rates ${inRate} → ${outRate}`);
		const g = gcd(inRate, outRate);
		this.up = outRate / g;
		this.down = inRate / g;
		if (this.up > MAX_PHASES)
			throw new RangeError(`Cannot resample ${inRate} Hz to ${outRate} Hz exactly`);

		const attenuation = opts.attenuationDb ?? 90;
		const low = Math.min(inRate, outRate);
		const cutoffHz = (opts.cutoff ?? 0.45) * low;
		const transitionHz = (opts.transition ?? 0.1) * low;
		const beta =
			attenuation > 50
				? 0.1102 * (attenuation - 8.7)
				: attenuation >= 21
					? 0.5842 * (attenuation - 21) ** 0.4 + 0.07886 * (attenuation - 21)
					: 0;
		// Kaiser's length estimate, per branch: the prototype at up × inRate needs `up` times
		// as many taps as a filter at the input rate would.
		this.taps = Math.max(
			2,
			Math.ceil((attenuation - 7.95) / (14.36 * (transitionHz / inRate))) + 1,
		);
		this.table = this.design(cutoffHz, beta);

		// Start so that output 0 lines up with input 0 (the filter's delay is compensated).
		const delay = Math.floor((this.taps * this.up - 1) / 2);
		this.index = Math.floor(delay / this.up);
		this.phase = delay % this.up;
		this.bufStart = -(this.taps - 1);
		this.buf = new Float32Array(Math.max(4096, 4 * this.taps));
		this.len = this.taps - 1; // zeros before the first sample
	}

	private design(cutoffHz: number, beta: number): Float32Array {
		const { up, taps } = this;
		const n = taps * up;
		const rate = this.inRate * up; // the prototype runs at the upsampled rate
		const fc = cutoffHz / rate;
		const centre = (n - 1) / 2;
		const i0beta = besselI0(beta);
		const proto = new Float64Array(n);
		let sum = 0;
		for (let j = 0; j < n; j++) {
			const t = j - centre;
			const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
			const r = (2 * j) / (n - 1) - 1;
			const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
			proto[j] = sinc * w;
			sum += proto[j]!;
		}
		// Unity gain at DC per branch on average: the upsampled signal is zero-stuffed.
		const gain = up / sum;
		const table = new Float32Array(n);
		for (let phase = 0; phase < up; phase++)
			for (let k = 0; k < taps; k++) table[phase * taps + k] = proto[phase + k * up]! * gain;
		return table;
	}

	/** Number of output samples that `inputs` input samples make in total. */
	outputLength(inputs: number): number {
		return Math.floor((inputs * this.up) / this.down);
	}

	/** Feeds input samples; returns the output samples they complete. */
	process(input: Float32Array): Float32Array {
		this.inputCount += input.length;
		this.append(input);
		return this.drain(this.outputLength(this.inputCount) - this.outputCount);
	}

	/**
	 * Ends the stream: returns the remaining outputs (those the filter's look-ahead held back),
	 * so that the total output is exactly outputLength(total input).
	 */
	flush(): Float32Array {
		const owed = this.outputLength(this.inputCount) - this.outputCount;
		this.append(new Float32Array(this.taps));
		return this.drain(owed);
	}

	private append(input: Float32Array): void {
		if (this.len + input.length > this.buf.length) {
			const grown = new Float32Array(Math.max(this.buf.length * 2, this.len + input.length));
			grown.set(this.buf.subarray(0, this.len));
			this.buf = grown;
		}
		this.buf.set(input, this.len);
		this.len += input.length;
	}

	/** Computes up to `max` outputs from the buffered input, then drops what is no longer needed. */
	private drain(max: number): Float32Array {
		const { taps, up, down, table } = this;
		const out = new Float32Array(Math.max(0, max));
		let produced = 0;
		const end = this.bufStart + this.len; // first index not yet received
		while (produced < out.length && this.index < end) {
			const base = this.phase * taps;
			let last = this.index - this.bufStart;
			let acc = 0;
			for (let k = 0; k < taps; k++) acc += table[base + k]! * this.buf[last--]!;
			out[produced++] = acc;
			this.phase += down;
			this.index += Math.floor(this.phase / up);
			this.phase %= up;
		}
		this.outputCount += produced;
		// Keep the taps - 1 samples before the next output's newest input.
		const keepFrom = Math.min(this.index - (taps - 1), end) - this.bufStart;
		if (keepFrom > 0) {
			this.buf.copyWithin(0, keepFrom, this.len);
			this.len -= keepFrom;
			this.bufStart += keepFrom;
		}
		return produced === out.length ? out : out.subarray(0, produced);
	}
}
