// Voices as they come (live transcription): each utterance's embedding joins the nearest voice
// heard so far on its channel when it is within the clustering threshold, else starts a new one.
// Provisional: the pass over the whole recording may number the voices differently.
import { cosineDistance } from './cluster';
import type { DiarizationModels } from './models';
import { embed, MAX_EMBEDDING_FRAMES, MIN_EMBEDDING_FRAMES } from './scan';
import { fbank, FBANK_LENGTH, FBANK_SHIFT } from './fbank';

/** Samples that give MAX_EMBEDDING_FRAMES fbank frames. */
const MAX_CLIP_SAMPLES = (MAX_EMBEDDING_FRAMES - 1) * FBANK_SHIFT + FBANK_LENGTH;

/**
 * One embedding of one voice's clip (its middle 2 s), or null when under 0.5 s. Only the middle
 * is turned into features: the fbank is synchronous, and live finals can be 30 s long.
 */
export async function voicePrint(
	models: DiarizationModels,
	samples: Float32Array,
): Promise<Float32Array | null> {
	const from = Math.max(0, Math.floor((samples.length - MAX_CLIP_SAMPLES) / 2));
	const features = fbank(samples.subarray(from, from + MAX_CLIP_SAMPLES), models.melBins);
	const frames = features.length / models.melBins;
	if (frames < MIN_EMBEDDING_FRAMES) return null;
	return embed(
		models,
		features,
		Array.from({ length: frames }, (_, i) => i),
	);
}

export class OnlineVoices {
	/** Per voice: the sum of its L2-normalised embeddings (the centroid's direction). */
	private readonly sums: Float32Array[] = [];

	constructor(
		private readonly threshold: number,
		private readonly maxVoices = 20,
	) {}

	get count(): number {
		return this.sums.length;
	}

	/** The voice (0, 1, …) this embedding belongs to. */
	assign(embedding: Float32Array): number {
		let norm = 0;
		for (const x of embedding) norm += x * x;
		const unit = embedding.map((x) => x / (Math.sqrt(norm) || 1));
		let best = -1;
		let bestDistance = Infinity;
		this.sums.forEach((sum, i) => {
			const d = cosineDistance(unit, sum);
			if (d < bestDistance) [best, bestDistance] = [i, d];
		});
		if (best < 0 || (bestDistance >= this.threshold && this.sums.length < this.maxVoices)) {
			this.sums.push(unit);
			return this.sums.length - 1;
		}
		const sum = this.sums[best]!;
		for (let i = 0; i < sum.length; i++) sum[i]! += unit[i]!;
		return best;
	}
}
