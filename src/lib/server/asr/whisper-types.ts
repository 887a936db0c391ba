import type { ProgressInfo, Tensor } from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';
import type { Dtype, SubModel } from './registry';
import type { ExecutionProvider, Task } from './types';

/** The parts of transformers.js' Whisper pipeline we drive directly. */
export interface WhisperParts {
	processor: ((audio: Float32Array) => Promise<{ input_features: Tensor }>) & {
		feature_extractor: unknown;
	};
	tokenizer: {
		timestamp_begin: number;
		encode(text: string, options?: { add_special_tokens?: boolean }): number[];
		_decode_asr(
			sequences: { tokens: bigint[]; stride: number[]; token_timestamps?: number[] }[],
			options: {
				return_timestamps: boolean | 'word';
				time_precision: number;
				force_full_sequences: boolean;
			},
		): [string, { chunks?: AsrChunk[] }];
		/** Groups text tokens into words (as word timestamps do); indices into `tokens`. */
		combineTokensIntoWords(
			tokens: number[],
			language: string | undefined,
		): [string[], number[][], number[][]];
	};
	model: {
		/** Inputs generate() passes on to the model; we add `encoder_outputs` (see `load`). */
		forward_params: string[];
		sessions: {
			/** The encoder, for whole 30 s windows (short-encoder/ makes one for less). */
			model: InferenceSession;
			decoder_model_merged?: InferenceSession;
		};
		config: {
			max_source_positions: number;
			vocab_size: number;
			max_target_positions?: number;
			decoder_layers: number;
			decoder_attention_heads: number;
			d_model: number;
			num_mel_bins?: number;
		};
		generation_config: {
			decoder_start_token_id: number;
			is_multilingual?: boolean;
			lang_to_id?: Record<string, number>;
			task_to_id?: Record<string, number>;
			prev_sot_token_id?: number;
			/** <|endoftext|>: the first special token; every id below it is text. */
			eos_token_id: number;
			no_timestamps_token_id?: number;
			suppress_tokens?: number[] | null;
			begin_suppress_tokens?: number[] | null;
			alignment_heads?: number[][] | null;
		} & Record<string, unknown>;
		generate(args: Record<string, unknown>): Promise<unknown>;
		_extract_token_timestamps(
			outputs: { cross_attentions: Tensor[][]; sequences: Tensor },
			alignmentHeads: number[][],
			numFrames: number,
			timePrecision: number,
			numInputIds: number,
		): Tensor;
		dispose(): Promise<unknown>;
	};
	dispose(): Promise<void>;
}

export interface AsrChunk {
	text: string;
	timestamp: [number, number | null];
}

export interface WindowOptions {
	/** Language code (`en`), already resolved; ignored by English-only models. */
	language: string | null;
	task: Task;
	words: boolean;
	promptIds: number[];
	temperature: number;
	isCancelled: () => boolean;
	/** Called between decoder steps (and windows): a promise pauses decoding until it settles. */
	pause?: () => Promise<void> | undefined;
	/**
	 * Decode through transformers.js' `generate()` instead of our greedy loop (greedy-decoder.ts).
	 * The loop is the default wherever it applies; this exists to compare the two.
	 */
	reference?: boolean;
	/**
	 * Exactly this many tokens, end of text suppressed. Exists for benchmarks (`npm run
	 * bench:asr`), which need the same decoder work per window whatever the model says.
	 */
	fixedTokens?: number;
}

/** A window after the encoder: language detection and decoding both read it. */
export interface EncodedWindow {
	samples: Float32Array;
	features: Tensor;
	/**
	 * The encoder's `last_hidden_state` [1, 1500, d_model]; fewer positions when encoded with
	 * `context: 'audio'` (at least the audio's).
	 */
	hidden: Tensor;
}

export interface WindowSegment {
	start: number;
	end: number;
	text: string;
	avgLogprob: number;
	/** `probability`: mean probability of the word's tokens, when they could be matched. */
	words?: { word: string; start: number; end: number; probability?: number }[];
}

export interface LoadOptions {
	/** An absolute folder path, or a Hub id when downloads are allowed. */
	source: string;
	device: ExecutionProvider;
	dtype: Record<SubModel, Dtype>;
	modelsDir: string;
	allowRemote: boolean;
	onDownload?: (p: ProgressInfo) => void;
	/**
	 * Whether `context: 'audio'` may use an edited CPU encoder that takes the audio present
	 * instead of 30 s (short-encoder/); true by default.
	 */
	shortEncoder?: boolean;
	/**
	 * Whether CPU sessions may load uint8 matmul weights rewritten as int8 (signed-weights/), where
	 * that is exact; true by default. Tests and benchmarks turn it off to compare.
	 */
	signedWeights?: boolean;
	/** onnxruntime settings; ours (session-options.ts) by default. Benchmarks pass `{}`. */
	sessionOptions?: InferenceSession.SessionOptions;
}

export const SAMPLE_RATE = MODEL_SAMPLE_RATE;
export const HOP = 160;
/**
 * Encoder positions per window (the cross-attention's time axis): one per two mel frames.
 * transformers.js' `_extract_token_timestamps` crops the attention to `num_frames` of these
 * (its seek loop halves the mel frame count before passing it, as Hugging Face's Python does
 * inside); passing mel frames would let DTW spread words over the padding after the speech.
 */
export const encoderFrames = (samples: Float32Array) => Math.floor(samples.length / HOP / 2);
