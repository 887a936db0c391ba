// Model dimensions. `tiny` … `large-v3-turbo` match the published openai/whisper-*
// checkpoints so file sizes and timings are representative; `fixture` is a
// few-MB model for tests. Models from `small` up are for benchmarks, in q8 (large
// fp32 files would pass protobuf's 2 GB limit).

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
	small: {
		...shared,
		dModel: 768,
		encoderLayers: 12,
		decoderLayers: 12,
		heads: 12,
		ffnDim: 3072,
		textTokens: 50257,
		alignmentHeads: [
			[5, 3],
			[5, 9],
			[8, 0],
			[8, 4],
			[8, 7],
			[8, 8],
			[9, 0],
			[9, 7],
			[9, 9],
			[10, 5],
		],
	},
	medium: {
		...shared,
		dModel: 1024,
		encoderLayers: 24,
		decoderLayers: 24,
		heads: 16,
		ffnDim: 4096,
		textTokens: 50257,
		alignmentHeads: [
			[13, 15],
			[15, 4],
			[15, 15],
			[16, 1],
			[20, 0],
			[23, 4],
		],
	},
	// large-v3 has 128 mel bins and one more language token (51,866) than this generator's
	// vocabulary (51,865): one row of the output projection, nothing a timing can see.
	'large-v3': {
		...shared,
		numMelBins: 128,
		dModel: 1280,
		encoderLayers: 32,
		decoderLayers: 32,
		heads: 20,
		ffnDim: 5120,
		textTokens: 50257,
		alignmentHeads: [
			[7, 0],
			[10, 17],
			[12, 18],
			[13, 12],
			[16, 1],
			[17, 14],
			[19, 11],
			[21, 4],
			[24, 1],
			[25, 6],
		],
	},
	// large-v3's encoder with 4 decoder layers.
	'large-v3-turbo': {
		...shared,
		numMelBins: 128,
		dModel: 1280,
		encoderLayers: 32,
		decoderLayers: 4,
		heads: 20,
		ffnDim: 5120,
		textTokens: 50257,
		alignmentHeads: [
			[2, 4],
			[2, 11],
			[3, 3],
			[3, 6],
			[3, 11],
			[3, 14],
		],
	},
} satisfies Record<string, WhisperDims>;

export type PresetName = keyof typeof PRESETS;

/** Seed of the committed fixture; any other seed gives different weights. */
export const DEFAULT_SEED = 20240917;
