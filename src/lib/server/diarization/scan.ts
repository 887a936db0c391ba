// Sliding-window scan: segmentation of 10 s windows in batches, then one embedding per local
// speaker per window from the Kaldi fbank of the frames where that speaker talks alone.
import * as ort from 'onnxruntime-node';
import { fbank, FBANK_LENGTH, FBANK_SHIFT } from './fbank';
import type { DiarizationModels } from './models';
import { decodePowerset, FRAME_CENTRE, FRAME_STEP, frameCount, LOCAL_SPEAKERS } from './powerset';

export const SAMPLE_RATE = 16_000;
export const WINDOW_SAMPLES = 10 * SAMPLE_RATE;
/** Clips shorter than this give unreliable embeddings (facts: ~0.5 s); such speakers are skipped. */
export const MIN_EMBEDDING_FRAMES = 50;
/**
 * Longer clips are cut to their middle 2 s: ResNet34's cost grows with length (2 s 79–147 ms,
 * 5 s 289–626 ms on 2 cores, bench:diarize). 3 s gave the same labels on the test conversations
 * (docs/decisions/0015-diarization.md) at 1.5× the embedding time.
 */
export const MAX_EMBEDDING_FRAMES = 200;

export interface ScannedWindow {
	/** First sample of the window in the audio. */
	start: number;
	/** activity[k][i]: local speaker k talks in frame i. */
	activity: Uint8Array[];
	/** Whether its speakers were embedded (else link.ts labels them from embedded neighbours). */
	embedded: boolean;
	/** One embedding per local speaker, null when it talks too little or was not embedded. */
	embeddings: (Float32Array | null)[];
}

/** Frames (fbank, 10 ms) where local speaker k talks, alone when enough such frames exist. */
function speakerFrames(activity: Uint8Array[], k: number, fbankFrames: number): number[] {
	const alone: number[] = [];
	const any: number[] = [];
	for (let j = 0; j < fbankFrames; j++) {
		const centre = j * FBANK_SHIFT + FBANK_LENGTH / 2;
		const i = Math.round((centre - FRAME_CENTRE) / FRAME_STEP);
		if (i < 0 || i >= activity[0]!.length || !activity[k]![i]) continue;
		any.push(j);
		if (activity.every((row, other) => other === k || !row[i])) alone.push(j);
	}
	const chosen = alone.length >= MIN_EMBEDDING_FRAMES ? alone : any;
	const from = Math.max(0, Math.floor((chosen.length - MAX_EMBEDDING_FRAMES) / 2));
	return chosen.slice(from, from + MAX_EMBEDDING_FRAMES);
}

/** The embedding of the given fbank frames. */
export async function embed(models: DiarizationModels, features: Float32Array, frames: number[]) {
	const bins = models.melBins;
	const input = new Float32Array(frames.length * bins);
	frames.forEach((j, t) => input.set(features.subarray(j * bins, (j + 1) * bins), t * bins));
	if (models.centreFeatures) {
		const mean = new Float32Array(bins);
		for (let t = 0; t < frames.length; t++)
			for (let b = 0; b < bins; b++) mean[b]! += input[t * bins + b]! / frames.length;
		for (let t = 0; t < frames.length; t++)
			for (let b = 0; b < bins; b++) input[t * bins + b]! -= mean[b]!;
	}
	const out = await models.embedding.run({
		input_features: new ort.Tensor('float32', input, [1, frames.length, bins]),
	});
	return Float32Array.from(out[models.embeddingOutput]!.data as Float32Array);
}

/**
 * Segments a batch of full-length windows (shorter audio is zero-padded by the caller) and embeds
 * the local speakers of those marked `embed`; the others get no embeddings (link.ts labels them).
 */
export async function scanBatch(
	models: DiarizationModels,
	windows: { start: number; samples: Float32Array; embed: boolean }[],
): Promise<ScannedWindow[]> {
	const input = new Float32Array(windows.length * WINDOW_SAMPLES);
	windows.forEach((w, b) => input.set(w.samples, b * WINDOW_SAMPLES));
	const out = await models.segmentation.run({
		input_values: new ort.Tensor('float32', input, [windows.length, 1, WINDOW_SAMPLES]),
	});
	const logits = out[models.segmentation.outputNames[0]!]!.data as Float32Array;
	const frames = frameCount(WINDOW_SAMPLES);
	const scanned: ScannedWindow[] = [];
	for (const [b, w] of windows.entries()) {
		const activity = decodePowerset(logits, frames, b * frames * 7);
		const embeddings: (Float32Array | null)[] = [];
		let features: Float32Array | null = null;
		for (let k = 0; k < LOCAL_SPEAKERS; k++) {
			if (
				!w.embed ||
				activity[k]!.reduce((n, x) => n + x, 0) * FRAME_STEP < MIN_EMBEDDING_FRAMES * FBANK_SHIFT
			) {
				embeddings.push(null);
				continue;
			}
			features ??= fbank(w.samples, models.melBins);
			const chosen = speakerFrames(activity, k, features.length / models.melBins);
			embeddings.push(
				chosen.length >= MIN_EMBEDDING_FRAMES ? await embed(models, features, chosen) : null,
			);
		}
		scanned.push({ start: w.start, activity, embedded: w.embed, embeddings });
	}
	return scanned;
}
