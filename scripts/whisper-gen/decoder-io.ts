// Names and shapes of the merged decoder's inputs and outputs, as
// transformers.js expects them. Heads and head_dim must be fixed numbers: the
// library builds the empty first-step cache from this metadata, and only
// resolves the symbolic dimension 'batch_size' (any other becomes 0).
import type { ValueInfo } from './onnx.js';
import type { WhisperDims } from './presets.js';

export type CachePart = 'decoder' | 'encoder';
export type KeyOrValue = 'key' | 'value';

export const pastName = (layer: number, part: CachePart, kv: KeyOrValue) =>
	`past_key_values.${layer}.${part}.${kv}`;

const PARTS: readonly CachePart[] = ['decoder', 'encoder'];
const KVS: readonly KeyOrValue[] = ['key', 'value'];

function cacheShape(dims: WhisperDims, length: string) {
	return ['batch_size', dims.heads, length, dims.dModel / dims.heads];
}

export function decoderInputs(dims: WhisperDims): ValueInfo[] {
	const past: ValueInfo[] = [];
	for (let i = 0; i < dims.decoderLayers; i++) {
		for (const part of PARTS) {
			const length =
				part === 'decoder' ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out';
			for (const kv of KVS)
				past.push({
					name: pastName(i, part, kv),
					type: 'float',
					shape: cacheShape(dims, length),
				});
		}
	}
	return [
		{
			name: 'input_ids',
			type: 'int64',
			shape: ['batch_size', 'decoder_sequence_length'],
		},
		{
			name: 'encoder_hidden_states',
			type: 'float',
			shape: ['batch_size', 'encoder_sequence_length', dims.dModel],
		},
		...past,
		{ name: 'use_cache_branch', type: 'bool', shape: [1] },
	];
}

/** logits, then present.{i}.{decoder,encoder}.{key,value} layer by layer, then cross_attentions.{i}. */
export function decoderOutputs(dims: WhisperDims, vocabSize: number): ValueInfo[] {
	const presents: ValueInfo[] = [];
	const crossAttentions: ValueInfo[] = [];
	for (let i = 0; i < dims.decoderLayers; i++) {
		for (const part of PARTS) {
			const length = part === 'decoder' ? 'total_sequence_length' : 'encoder_sequence_length_out';
			for (const kv of KVS) {
				presents.push({
					name: `present.${i}.${part}.${kv}`,
					type: 'float',
					shape: cacheShape(dims, length),
				});
			}
		}
		const shape = [
			'batch_size',
			dims.heads,
			'decoder_sequence_length',
			'encoder_sequence_length_out',
		];
		crossAttentions.push({
			name: `cross_attentions.${i}`,
			type: 'float',
			shape,
		});
	}
	return [
		{
			name: 'logits',
			type: 'float',
			shape: ['batch_size', 'decoder_sequence_length', vocabSize],
		},
		...presents,
		...crossAttentions,
	];
}
