// Whisper decoder in optimum's "merged" layout: one `If` on use_cache_branch.
// The else branch (first step) computes the cross-attention keys and values
// from encoder_hidden_states; the then branch reuses them from the past inputs
// and outputs empty encoder `present.*` placeholders, which transformers.js
// replaces with the first step's tensors. Weights are outer-scope initializers
// shared by both branches.
import {
	ALIGNMENT_CHANNELS,
	alignmentFrameTable,
	alignmentHeadMask,
	alignmentPositionTable,
} from './alignment.js';
import type { DecoderShared } from './decoder-branch.js';
import { PREFIX, decoderBranch } from './decoder-branch.js';
import { decoderInputs, decoderOutputs } from './decoder-io.js';
import { createTiedEmbedding } from './embedding.js';
import { GraphBuilder, Initializers, attr } from './graph.js';
import type { WeightFormat } from './linear.js';
import type { GraphProto, ModelProto } from './onnx.js';
import { opsetsFor } from './opsets.js';
import { markerClearMask, markerPattern } from './sot-anchor.js';
import type { WhisperDims } from './presets.js';
import {
	STEERING_CHANNELS,
	embeddingTable,
	positionEmbedding,
	positionTable,
	tokenTable,
} from './steering.js';
import { tensor } from './tensors.js';
import type { Vocab } from './vocab.js';

function branch(
	name: string,
	inits: Initializers,
	cached: boolean,
	shared: DecoderShared,
): GraphProto {
	const b = new GraphBuilder(inits, `${name}/`);
	const outputs = decoderBranch(b, cached, shared);
	return {
		name,
		nodes: b.nodes,
		initializers: [],
		inputs: [],
		outputs: outputs.map((o) => ({ name: o, type: 'float' })),
	};
}

export function buildDecoder(
	dims: WhisperDims,
	vocab: Vocab,
	format: WeightFormat,
	seed: number,
): ModelProto {
	const inits = new Initializers();
	const main = new GraphBuilder(inits, '');
	const { dModel: d, heads, maxTargetPositions: maxPositions, maxSourcePositions: frames } = dims;
	const float = (name: string, shape: number[], data: Float32Array) =>
		inits.add(tensor.float(name, shape, data));

	const embeddingName = `${PREFIX}.embed_tokens.weight`;
	const positionsName = `${PREFIX}.embed_positions.weight`;
	const shared: DecoderShared = {
		dims,
		format,
		seed,
		embedding: createTiedEmbedding(main, format, embeddingName, [vocab.size, d], () =>
			embeddingTable(seed, embeddingName, vocab, d),
		),
		positions: float(
			positionsName,
			[maxPositions, d],
			positionEmbedding(seed, positionsName, maxPositions, d),
		),
		sot: {
			id: vocab.sot,
			marker: float('sot_marker', [1, heads, 1, d / heads], markerPattern(d)),
			clearMask: float('sot_marker_clear', [d], markerClearMask(d)),
		},
		steering: {
			positionTable: float(
				'steering.position_table',
				[maxPositions, STEERING_CHANNELS],
				positionTable(maxPositions, vocab.timestampCount),
			),
			tokenTable: float('steering.token_table', [STEERING_CHANNELS, vocab.size], tokenTable(vocab)),
		},
		alignment: {
			positionTable: float(
				'alignment.position_table',
				[maxPositions, ALIGNMENT_CHANNELS],
				alignmentPositionTable(maxPositions, frames),
			),
			frameTable: float(
				'alignment.frame_table',
				[ALIGNMENT_CHANNELS, frames],
				alignmentFrameTable(frames),
			),
			headMasks: Array.from({ length: dims.decoderLayers }, (_, i) => {
				const mask = alignmentHeadMask(dims.alignmentHeads, i, heads);
				return mask && float(`alignment.head_mask.${i}`, [1, heads, 1, 1], mask);
			}),
		},
		emptyEncoderCache: float('empty_encoder_cache', [1, heads, 0, d / heads], new Float32Array(0)),
	};

	const outputs = decoderOutputs(dims, vocab.size);
	main.named(
		'If',
		['use_cache_branch'],
		outputs.map((o) => o.name),
		{
			then_branch: attr.graph(branch('with_past', inits, true, shared)),
			else_branch: attr.graph(branch('no_past', inits, false, shared)),
		},
	);

	return {
		graph: {
			name: 'whisper_decoder_merged',
			nodes: main.nodes,
			initializers: inits.list(),
			inputs: decoderInputs(dims),
			outputs,
		},
		opsets: opsetsFor(format),
	};
}
