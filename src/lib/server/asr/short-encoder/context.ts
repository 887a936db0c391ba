import { Tensor } from '@huggingface/transformers';
import { HOP, SAMPLE_RATE } from '../whisper-types';

/**
 * With `context: 'audio'` the encoder sees the audio plus this much of the silent padding that
 * follows speech in every 30 s window Whisper was trained on (where the text ends), and never
 * less than `MIN_CONTEXT_S` in all. Neither is tuned on real speech (no real weights here):
 * they keep the input close to what the model knows while cutting a 2–5 s utterance's encoder
 * work to a sixth.
 */
export const CONTEXT_PAD_S = 1;
export const MIN_CONTEXT_S = 5;

/** Mel frames the encoder reads for `samples` of audio: even (the convolution halves them). */
export function contextFrames(samples: number, fullFrames: number): number {
	const seconds = Math.max(MIN_CONTEXT_S, samples / SAMPLE_RATE + CONTEXT_PAD_S);
	const frames = Math.ceil((seconds * SAMPLE_RATE) / HOP / 2) * 2;
	return Math.min(fullFrames, frames);
}

/** The first `frames` of log-mel features [1, mels, all]. */
export function leadingFrames(features: Tensor, frames: number): Tensor {
	const [batch, mels, all] = features.dims as [number, number, number];
	if (frames >= all) return features;
	const src = features.data as Float32Array;
	const out = new Float32Array(batch * mels * frames);
	for (let row = 0; row < batch * mels; row++) {
		out.set(src.subarray(row * all, row * all + frames), row * frames);
	}
	return new Tensor('float32', out, [batch, mels, frames]);
}
