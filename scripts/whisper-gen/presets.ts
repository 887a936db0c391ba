// Model dimensions. `tiny` and `base` match the published openai/whisper-*
// checkpoints so file sizes and timings are representative; `fixture` is a
// few-MB model for tests.

export interface WhisperDims {
	dModel: number;
	encoderLayers: number;
	decoderLayers: number;
	heads: number;
	ffnDim: number;
	/** Number of byte-level BPE tokens; `<|endoftext|>` takes the next id. */
	textTokens: number;
	numMelBins: number;
	maxSourcePositions: number;
	maxTargetPositions: number;
	/** [decoder layer, head] pairs whose cross-attention drives word timestamps. */
	alignmentHeads: [number, number][];
}

const shared = {
	numMelBins: 80,
	maxSourcePositions: 1500,
	maxTargetPositions: 448,
};

export const PRESETS = {
	fixture: {
		...shared,
		dModel: 64,
		encoderLayers: 2,
		decoderLayers: 2,
		heads: 2,
		ffnDim: 128,
		textTokens: 256,
		alignmentHeads: [
			[1, 0],
			[1, 1],
		],
	},
	tiny: {
		...shared,
		dModel: 384,
		encoderLayers: 4,
		decoderLayers: 4,
		heads: 6,
		ffnDim: 1536,
		textTokens: 50257,
		alignmentHeads: [
			[2, 2],
			[3, 0],
			[3, 2],
			[3, 3],
			[3, 4],
			[3, 5],
		],
	},
	base: {
		...shared,
		dModel: 512,
		encoderLayers: 6,
		decoderLayers: 6,
		heads: 8,
		ffnDim: 2048,
		textTokens: 50257,
		alignmentHeads: [
			[3, 1],
			[4, 2],
			[4, 3],
			[4, 7],
			[5, 1],
			[5, 2],
			[5, 4],
			[5, 6],
		],
	},
} satisfies Record<string, WhisperDims>;

export type PresetName = keyof typeof PRESETS;

/** Seed of the committed fixture; any other seed gives different weights. */
export const DEFAULT_SEED = 20240917;
