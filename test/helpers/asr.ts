import type { WindowOptions } from '../../src/lib/server/asr/whisper-model';

/** Options for decoding one window: greedy English transcription, no prompt, unless `extra`. */
export function windowOptions(extra: Partial<WindowOptions> = {}): WindowOptions {
	return {
		language: 'en',
		task: 'transcribe',
		words: false,
		promptIds: [],
		temperature: 0,
		isCancelled: () => false,
		...extra,
	};
}

/** A preprocessor_config.json like the Whisper exports', for transformers.js' own extractor. */
export function whisperPreprocessorConfig(featureSize = 80) {
	return {
		feature_extractor_type: 'WhisperFeatureExtractor',
		feature_size: featureSize,
		sampling_rate: 16000,
		hop_length: 160,
		chunk_length: 30,
		n_fft: 400,
		n_samples: 480000,
		nb_max_frames: 3000,
		padding_side: 'right',
		padding_value: 0,
		return_attention_mask: false,
	};
}
