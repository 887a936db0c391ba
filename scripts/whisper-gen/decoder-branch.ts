// One branch of the merged decoder's `If`: the Hugging Face Whisper decoder
// (learned positions, pre-LN blocks of self-attention, cross-attention and
// feed-forward) plus the steering biases. Both branches produce the outputs
// listed in decoder-io.ts, in that order.
import { attr } from './graph.js';
import type { GraphBuilder } from './graph.js';
import type { TiedEmbedding } from './embedding.js';
import { pastName } from './decoder-io.js';
import type { BlockContext } from './layers.js';
import {
	attend,
	feedForward,
	layerNorm,
	projection,
	query,
	residual,
	splitHeads,
} from './layers.js';
import type { WeightFormat } from './linear.js';
import { createLinear } from './linear.js';
import type { WhisperDims } from './presets.js';
import { clearMarker, markValues, sotIndex, sotIndicator } from './sot-anchor.js';

export const PREFIX = 'model.decoder';

/** Model-level values both branches read (names of outer-scope initializers). */
export interface DecoderShared {
	dims: WhisperDims;
	format: WeightFormat;
	seed: number;
	embedding: TiedEmbedding;
	positions: string;
	/** Initializers of sot-anchor.ts: marker [1, heads, 1, headDim] and clear mask [d]. */
	sot: { id: number; marker: string; clearMask: string };
	steering: { positionTable: string; tokenTable: string };
	alignment: {
		positionTable: string;
		frameTable: string;
		headMasks: (string | null)[];
	};
	emptyEncoderCache: string;
}

interface Step {
	b: GraphBuilder;
	ctx: BlockContext;
	cached: boolean;
	causalMask: string;
	sotIndicator: string;
	alignmentBias: string;
	presents: string[];
	crossAttentions: string[];
}

interface Positions {
	/** [seq] absolute positions of the new tokens. */
	absolute: string;
	/** [batch, seq] positions counted from <|startoftranscript|> (0 before it). */
	fromSot: string;
	/** [seq, past + seq] additive causal mask. */
	causalMask: string;
}

function positionsOf(b: GraphBuilder, cached: boolean, sotIndicator: string): Positions {
	const pastLength = cached
		? b.op('Gather', [b.op('Shape', [pastName(0, 'decoder', 'key')]), b.int64(2)])
		: b.int64(0);
	const end = b.op('Add', [pastLength, b.op('Gather', [b.op('Shape', ['input_ids']), b.int64(1)])]);
	const absolute = b.op('Range', [pastLength, end, b.int64(1)]);
	const sinceSot = b.op('Sub', [
		b.op('Unsqueeze', [absolute, b.int64s([0])]),
		sotIndex(b, cached, sotIndicator),
	]);
	const keyPositions = b.op('Range', [b.int64(0), end, b.int64(1)]);
	const future = b.op('Greater', [keyPositions, b.op('Unsqueeze', [absolute, b.int64s([1])])]);
	return {
		absolute,
		fromSot: b.op('Max', [sinceSot, b.int64(0)]),
		causalMask: b.op('Where', [future, b.float(-1e9), b.float(0)]),
	};
}

function selfAttention(step: Step, s: DecoderShared, layer: number, h: string): string {
	const { b, ctx } = step;
	const p = `${PREFIX}.layers.${layer}.self_attn`;
	const q = query(ctx, h, `${p}.q_proj`);
	let k = splitHeads(ctx, projection(ctx, h, `${p}.k_proj`, false));
	let v = splitHeads(ctx, projection(ctx, h, `${p}.v_proj`, true));
	if (layer === 0) v = markValues(b, v, step.sotIndicator, s.sot.marker);
	if (step.cached) {
		k = b.op('Concat', [pastName(layer, 'decoder', 'key'), k], {
			axis: attr.int(2),
		});
		v = b.op('Concat', [pastName(layer, 'decoder', 'value'), v], {
			axis: attr.int(2),
		});
	}
	step.presents.push(k, v);
	const { context } = attend(ctx, q, k, v, step.causalMask);
	const cleared = layer === 0 ? clearMarker(b, context, s.sot.clearMask) : context;
	return projection(ctx, cleared, `${p}.out_proj`, true);
}

function crossAttention(step: Step, s: DecoderShared, layer: number, h: string): string {
	const { b, ctx } = step;
	const p = `${PREFIX}.layers.${layer}.encoder_attn`;
	const q = query(ctx, h, `${p}.q_proj`);
	let k = pastName(layer, 'encoder', 'key');
	let v = pastName(layer, 'encoder', 'value');
	if (step.cached) {
		step.presents.push(
			b.op('Identity', [s.emptyEncoderCache]),
			b.op('Identity', [s.emptyEncoderCache]),
		);
	} else {
		k = splitHeads(ctx, projection(ctx, 'encoder_hidden_states', `${p}.k_proj`, false));
		v = splitHeads(ctx, projection(ctx, 'encoder_hidden_states', `${p}.v_proj`, true));
		step.presents.push(k, v);
	}
	const headMask = s.alignment.headMasks[layer];
	// The bias covers 30 s of frames; an encoder run on less audio (the short-input encoder of
	// src/lib/server/asr/short-encoder) gives fewer, as a real export accepts.
	const framesBias = () => {
		const frames = b.op('Slice', [b.op('Shape', [k]), b.int64s([2]), b.int64s([3])]);
		return b.op('Slice', [step.alignmentBias, b.int64s([0]), frames, b.int64s([3])]);
	};
	const bias = headMask ? b.op('Mul', [framesBias(), headMask]) : undefined;
	const { context, probs } = attend(ctx, q, k, v, bias);
	step.crossAttentions.push(probs);
	return projection(ctx, context, `${p}.out_proj`, true);
}

export function decoderBranch(b: GraphBuilder, cached: boolean, s: DecoderShared): string[] {
	const { dims } = s;
	const d = dims.dModel;
	const linear = createLinear(b, s.format, s.seed);
	const ctx: BlockContext = {
		g: b,
		linear,
		dModel: d,
		heads: dims.heads,
		ffnDim: dims.ffnDim,
	};
	const indicator = sotIndicator(b, s.sot.id);
	const positions = positionsOf(b, cached, indicator);
	// [batch, 1, seq, frames] score bias for the alignment heads (alignment.ts).
	const alignmentBias = b.op('Unsqueeze', [
		b.op('MatMul', [
			b.op('Gather', [s.alignment.positionTable, positions.fromSot]),
			s.alignment.frameTable,
		]),
		b.int64s([1]),
	]);
	const step: Step = {
		b,
		ctx,
		cached,
		causalMask: positions.causalMask,
		sotIndicator: indicator,
		alignmentBias,
		presents: [],
		crossAttentions: [],
	};

	let x = b.op('Add', [
		s.embedding.lookup(b, 'input_ids'),
		b.op('Gather', [s.positions, positions.absolute]),
	]);
	for (let i = 0; i < dims.decoderLayers; i++) {
		const p = `${PREFIX}.layers.${i}`;
		x = residual(b, x, (h) => selfAttention(step, s, i, h), `${p}.self_attn_layer_norm`, d);
		x = residual(b, x, (h) => crossAttention(step, s, i, h), `${p}.encoder_attn_layer_norm`, d);
		x = residual(b, x, (h) => feedForward(ctx, h, p), `${p}.final_layer_norm`, d);
	}
	const hidden = layerNorm(b, x, `${PREFIX}.layer_norm`, d);
	// Steering (steering.ts): a rank-5 logit bias chosen by position.
	const steering = b.op('MatMul', [
		b.op('Gather', [s.steering.positionTable, positions.fromSot]),
		s.steering.tokenTable,
	]);
	const logits = b.op('Add', [s.embedding.logits(b, hidden), steering]);
	return [logits, ...step.presents, ...step.crossAttentions];
}
