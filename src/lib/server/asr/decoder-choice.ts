import { LogitsProcessorList, type LogitsProcessor } from '@huggingface/transformers';
import type { Tensor as OrtTensor } from 'onnxruntime-node';
import { GreedyDecoder } from './greedy-decoder';
import type { ExecutionProvider } from './types';
import type { EncodedWindow, WhisperParts } from './whisper-types';

export function hiddenOf(window: EncodedWindow): OrtTensor {
	return window.hidden.ort_tensor;
}

/**
 * Our greedy loop covers greedy search on the CPU with the merged decoder, for the generation
 * settings Whisper models ship with; anything else keeps transformers.js' `generate()`.
 */
export function greedyDecoderFor(
	parts: WhisperParts,
	device: ExecutionProvider,
): { decoder: GreedyDecoder; reason: null } | { decoder: null; reason: string } {
	const why = (reason: string) => ({ decoder: null, reason });
	const session = parts.model.sessions.decoder_model_merged;
	const { config } = parts.model;
	const gc = parts.model.generation_config;
	// On a GPU the cache may live in device memory, which this loop does not handle.
	if (device !== 'cpu') return why(`device ${device}`);
	if (!session?.inputNames.includes('use_cache_branch')) return why('no merged decoder');
	if (gc.no_timestamps_token_id === undefined) return why('no timestamp tokens');
	const unsupported = (
		[
			['repetition_penalty', 1],
			['no_repeat_ngram_size', 0],
			['min_length', 0],
			['min_new_tokens', 0],
			['num_beams', 1],
			['guidance_scale', 1],
		] as const
	).filter(([k, neutral]) => gc[k] != null && gc[k] !== neutral);
	for (const k of ['bad_words_ids', 'forced_bos_token_id', 'forced_eos_token_id']) {
		if (gc[k] != null) return why(`generation_config.${k}`);
	}
	if (unsupported.length) return why(`generation_config.${unsupported[0]![0]}`);
	if (Array.isArray(gc.eos_token_id)) return why('several end-of-text tokens');
	const heads = config.decoder_attention_heads;
	return {
		reason: null,
		decoder: new GreedyDecoder(session, {
			layers: config.decoder_layers,
			heads,
			headDim: config.d_model / heads,
			vocab: config.vocab_size,
			eos: gc.eos_token_id,
			noTimestamps: gc.no_timestamps_token_id,
			suppress: gc.suppress_tokens ?? [],
			beginSuppress: gc.begin_suppress_tokens ?? [],
		}),
	};
}

/**
 * transformers.js' Whisper generate() appends its own processors to the list it is given, so the
 * list must be a LogitsProcessorList (an array would lose them).
 */
export function processorList(...processors: LogitsProcessor[]): LogitsProcessorList {
	const list = new LogitsProcessorList();
	for (const p of processors) list.push(p);
	return list;
}
