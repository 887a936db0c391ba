// Building blocks shared by the encoder and the decoder (Hugging Face Whisper:
// pre-LayerNorm residual blocks, exact GELU, k_proj without bias).
import type { GraphBuilder } from './graph.js';
import { attr } from './graph.js';
import type { Linear } from './linear.js';
import { tensor } from './tensors.js';

export interface BlockContext {
	g: GraphBuilder;
	linear: Linear;
	dModel: number;
	heads: number;
	ffnDim: number;
}

export function layerNorm(g: GraphBuilder, x: string, name: string, size: number): string {
	const scale = `${name}.weight`;
	const bias = `${name}.bias`;
	g.inits.once(scale, () => [
		tensor.float(scale, [size], new Float32Array(size).fill(1)),
		tensor.float(bias, [size], new Float32Array(size)),
	]);
	return g.op('LayerNormalization', [x, scale, bias], {
		axis: attr.int(-1),
		epsilon: attr.float(1e-5),
	});
}

/** Exact GELU, x·Φ(x); opset 17 has no Gelu op and ORT fuses this pattern. */
export function gelu(g: GraphBuilder, x: string): string {
	const erf = g.op('Erf', [g.op('Mul', [x, g.float(Math.SQRT1_2)])]);
	return g.op('Mul', [g.op('Mul', [x, g.float(0.5)]), g.op('Add', [erf, g.float(1)])]);
}

/** [batch, seq, d] → [batch, heads, seq, headDim] */
export function splitHeads(ctx: BlockContext, x: string): string {
	const { g, heads, dModel } = ctx;
	const reshaped = g.op('Reshape', [x, g.int64s([0, -1, heads, dModel / heads])]);
	return g.op('Transpose', [reshaped], { perm: attr.ints([0, 2, 1, 3]) });
}

function mergeHeads(ctx: BlockContext, x: string): string {
	const { g, dModel } = ctx;
	const transposed = g.op('Transpose', [x], { perm: attr.ints([0, 2, 1, 3]) });
	return g.op('Reshape', [transposed, g.int64s([0, -1, dModel])]);
}

/**
 * Scaled dot-product attention on split heads, with an optional additive score
 * bias (causal mask, alignment steering); returns the merged context and the
 * probabilities.
 */
export function attend(
	ctx: BlockContext,
	q: string,
	k: string,
	v: string,
	scoreBias?: string,
): { context: string; probs: string } {
	const { g } = ctx;
	const kT = g.op('Transpose', [k], { perm: attr.ints([0, 1, 3, 2]) });
	const scores = g.op('MatMul', [q, kT]);
	const probs = g.op('Softmax', [scoreBias ? g.op('Add', [scores, scoreBias]) : scores], {
		axis: attr.int(-1),
	});
	return { context: mergeHeads(ctx, g.op('MatMul', [probs, v])), probs };
}

/** Query projection with Whisper's head_dim^-0.5 scaling, split into heads. */
export function query(ctx: BlockContext, x: string, name: string): string {
	const { g, linear, dModel, heads } = ctx;
	const q = linear(x, { name, inDim: dModel, outDim: dModel, bias: true });
	return splitHeads(ctx, g.op('Mul', [q, g.float((dModel / heads) ** -0.5)]));
}

export function projection(ctx: BlockContext, x: string, name: string, bias: boolean): string {
	return ctx.linear(x, { name, inDim: ctx.dModel, outDim: ctx.dModel, bias });
}

export function feedForward(ctx: BlockContext, x: string, prefix: string): string {
	const { g, linear, dModel, ffnDim } = ctx;
	const hidden = gelu(
		g,
		linear(x, {
			name: `${prefix}.fc1`,
			inDim: dModel,
			outDim: ffnDim,
			bias: true,
		}),
	);
	return linear(hidden, {
		name: `${prefix}.fc2`,
		inDim: ffnDim,
		outDim: dModel,
		bias: true,
	});
}

/** x + block(LayerNorm(x)) */
export function residual(
	g: GraphBuilder,
	x: string,
	block: (normed: string) => string,
	norm: string,
	size: number,
): string {
	return g.op('Add', [x, block(layerNorm(g, x, norm, size))]);
}
