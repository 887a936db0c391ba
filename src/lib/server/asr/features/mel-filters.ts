/**
 * Slaney-scale, Slaney-normalised triangular mel filters — the same numbers as librosa's
 * `filters.mel(sr, n_fft, n_mels)` that Whisper was trained with, and as transformers.js'
 * `mel_filter_bank(201, n_mels, 0, 8000, 16000, 'slaney', 'slaney')`.
 */
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = 15;
const LOGSTEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
	return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : (3 * hz) / 200;
}

function melToHz(mel: number): number {
	return mel >= MIN_LOG_MEL
		? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL))
		: (200 * mel) / 3;
}

function linspace(start: number, end: number, count: number): Float64Array {
	const out = new Float64Array(count);
	const step = (end - start) / (count - 1);
	for (let i = 0; i < count; i++) out[i] = start + step * i;
	return out;
}

/** Dense [nMels][nBins] filters, nBins = nFft/2 + 1. */
export function slaneyMelFilters(
	nMels: number,
	nFft: number,
	sampleRate: number,
	fMin = 0,
	fMax = sampleRate / 2,
): Float64Array[] {
	const nBins = Math.floor(nFft / 2) + 1;
	const fftFreqs = linspace(0, Math.floor(sampleRate / 2), nBins);
	const melPoints = linspace(hzToMel(fMin), hzToMel(fMax), nMels + 2);
	const edges = melPoints.map(melToHz);
	const filters: Float64Array[] = [];
	for (let m = 0; m < nMels; m++) {
		const row = new Float64Array(nBins);
		const lower = edges[m]!;
		const center = edges[m + 1]!;
		const upper = edges[m + 2]!;
		const enorm = 2 / (upper - lower);
		for (let k = 0; k < nBins; k++) {
			const down = (fftFreqs[k]! - lower) / (center - lower);
			const up = (upper - fftFreqs[k]!) / (upper - center);
			row[k] = Math.max(0, Math.min(down, up)) * enorm;
		}
		filters.push(row);
	}
	return filters;
}

/** A filter's non-zero span: weights for bins start .. start + weights.length - 1. */
export interface SparseFilter {
	start: number;
	weights: Float64Array;
}

/** Each triangle touches only a few bins; storing the span makes the mel product ~50× cheaper. */
export function sparsify(filters: ArrayLike<ArrayLike<number>>): SparseFilter[] {
	return Array.from(filters, (row) => {
		let first = 0;
		while (first < row.length && row[first]! === 0) first++;
		let last = row.length - 1;
		while (last >= first && row[last]! === 0) last--;
		const weights = new Float64Array(Math.max(0, last - first + 1));
		for (let k = first; k <= last; k++) weights[k - first] = row[k]!;
		return { start: first, weights };
	});
}
