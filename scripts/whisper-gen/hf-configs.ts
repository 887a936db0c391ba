// config.json, generation_config.json and preprocessor_config.json with the
// fields transformers.js reads (values as in the openai/whisper-* repositories).
import { WHISPER_LANGUAGE_CODES } from './languages.js';
import type { WhisperDims } from './presets.js';
import type { Vocab } from './vocab.js';

export function modelConfig(dims: WhisperDims, vocab: Vocab): object {
	return {
		architectures: ['WhisperForConditionalGeneration'],
		model_type: 'whisper',
		activation_function: 'gelu',
		d_model: dims.dModel,
		encoder_layers: dims.encoderLayers,
		decoder_layers: dims.decoderLayers,
		num_hidden_layers: dims.encoderLayers,
		encoder_attention_heads: dims.heads,
		decoder_attention_heads: dims.heads,
		encoder_ffn_dim: dims.ffnDim,
		decoder_ffn_dim: dims.ffnDim,
		num_mel_bins: dims.numMelBins,
		max_source_positions: dims.maxSourcePositions,
		max_target_positions: dims.maxTargetPositions,
		vocab_size: vocab.size,
		bos_token_id: vocab.eot,
		eos_token_id: vocab.eot,
		pad_token_id: vocab.eot,
		decoder_start_token_id: vocab.sot,
		begin_suppress_tokens: [vocab.space, vocab.eot],
		median_filter_width: 7,
		scale_embedding: false,
		is_encoder_decoder: true,
		use_cache: true,
		torch_dtype: 'float32',
	};
}

export function generationConfig(dims: WhisperDims, vocab: Vocab): object {
	const id = vocab.specialId;
	return {
		alignment_heads: dims.alignmentHeads,
		begin_suppress_tokens: [vocab.space, vocab.eot],
		bos_token_id: vocab.eot,
		decoder_start_token_id: vocab.sot,
		eos_token_id: vocab.eot,
		pad_token_id: vocab.eot,
		is_multilingual: true,
		lang_to_id: Object.fromEntries(
			WHISPER_LANGUAGE_CODES.map((code) => [`<|${code}|>`, id(`<|${code}|>`)]),
		),
		task_to_id: {
			translate: id('<|translate|>'),
			transcribe: id('<|transcribe|>'),
		},
		// transformers.js defaults to 20 tokens when this is missing.
		max_length: dims.maxTargetPositions,
		max_initial_timestamp_index: 50,
		no_timestamps_token_id: vocab.noTimestamps,
		prev_sot_token_id: id('<|startofprev|>'),
		return_timestamps: false,
		suppress_tokens: [
			'<|translate|>',
			'<|transcribe|>',
			'<|startoflm|>',
			'<|startofprev|>',
			'<|nocaptions|>',
		].map(id),
	};
}

export function preprocessorConfig(dims: WhisperDims): object {
	return {
		chunk_length: 30,
		feature_extractor_type: 'WhisperFeatureExtractor',
		feature_size: dims.numMelBins,
		hop_length: 160,
		n_fft: 400,
		n_samples: 480000,
		nb_max_frames: 3000,
		padding_side: 'right',
		padding_value: 0.0,
		processor_class: 'WhisperProcessor',
		return_attention_mask: false,
		sampling_rate: 16000,
	};
}
