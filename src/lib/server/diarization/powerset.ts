// pyannote segmentation-3.0's powerset classes: up to 3 local speakers, at most 2 at once.
// 0 none, 1 {1}, 2 {2}, 3 {3}, 4 {1,2}, 5 {1,3}, 6 {2,3}.

export const LOCAL_SPEAKERS = 3;
const CLASSES: readonly (readonly number[])[] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];

/** Frame i of a window starts at sample 270 i and covers 991 samples (centre 270 i + 495). */
export const FRAME_STEP = 270;
export const FRAME_CENTRE = 495;
export const frameCount = (samples: number) => Math.max(0, Math.floor((samples - 721) / 270));

/**
 * Hard decoding (the most likely class per frame) into one activity row per local speaker:
 * activity[k][i] is 1 when local speaker k talks in frame i.
 */
export function decodePowerset(logits: Float32Array, frames: number, offset = 0): Uint8Array[] {
	const activity = Array.from({ length: LOCAL_SPEAKERS }, () => new Uint8Array(frames));
	for (let i = 0; i < frames; i++) {
		const base = offset + i * CLASSES.length;
		let best = 0;
		for (let c = 1; c < CLASSES.length; c++) if (logits[base + c]! > logits[base + best]!) best = c;
		for (const k of CLASSES[best]!) activity[k]![i] = 1;
	}
	return activity;
}
