// Word timestamps come from dynamic time warping over the cross-attention of
// the alignment heads. Random cross-attention is nearly flat, so DTW spreads
// words over the whole 30 s window. The alignment heads therefore get a score
// bias peaking at the encoder frame of their decoder position's time (see
// timeline.ts), which puts word times next to the segment timestamps.
import { bumpBasis, bumpCoefficients, positionTick } from './timeline.js';

export const ALIGNMENT_CHANNELS = 3;
/** Standard deviation of the attention bump in encoder frames (0.2 s). */
const FRAME_WIDTH = 10;

/** [maxPositions, 3] */
export function alignmentPositionTable(maxPositions: number, frames: number): Float32Array {
	const table = new Float32Array(maxPositions * ALIGNMENT_CHANNELS);
	for (let pos = 0; pos < maxPositions; pos++) {
		table.set(
			bumpCoefficients(0, positionTick(pos), FRAME_WIDTH, frames - 1),
			pos * ALIGNMENT_CHANNELS,
		);
	}
	return table;
}

/** [3, frames] */
export function alignmentFrameTable(frames: number): Float32Array {
	const table = new Float32Array(ALIGNMENT_CHANNELS * frames);
	for (let f = 0; f < frames; f++)
		bumpBasis(f, frames - 1).forEach((v, c) => (table[c * frames + f] = v));
	return table;
}

/** [1, heads, 1, 1] mask selecting the alignment heads of one layer, or null when it has none. */
export function alignmentHeadMask(
	alignmentHeads: [number, number][],
	layer: number,
	heads: number,
): Float32Array | null {
	const mask = new Float32Array(heads);
	for (const [l, h] of alignmentHeads) if (l === layer) mask[h] = 1;
	return mask.some((v) => v > 0) ? mask : null;
}
