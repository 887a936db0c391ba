// Dense layers in the three weight formats. Weights are generated on first use
// and registered once, so the two branches of the merged decoder share them.
import type { GraphBuilder } from './graph.js';
import { attr } from './graph.js';
import { DataType } from './onnx.js';
import { uniformArray } from './prng.js';
import { Q4_BLOCK, quantizeQ4, quantizeQ8 } from './quantize.js';
import { tensor } from './tensors.js';

export type WeightFormat = 'fp32' | 'q8' | 'q4';

// LeCun-scaled weights make each block's output as large as its input, so the
// residual stream (and hence the text) varies from step to step instead of
// repeating the previous token through the tied embedding.
const weightStd = (inDim: number) => inDim ** -0.5;
const BIAS_STD = 0.02;

export interface LinearSpec {
	name: string;
	inDim: number;
	outDim: number;
	bias: boolean;
}

export type Linear = (x: string, spec: LinearSpec) => string;

export interface Q8Weight {
	weight: string;
	scale: string;
	zeroPoint: string;
}

/** Registers a weight as uint8 data plus scale and zero point, and returns their names. */
export function registerQ8(
	g: GraphBuilder,
	name: string,
	dims: readonly number[],
	w: () => Float32Array,
): Q8Weight {
	const names = {
		weight: `${name}_q8`,
		scale: `${name}_scale`,
		zeroPoint: `${name}_zero_point`,
	};
	g.inits.once(names.weight, () => {
		const q = quantizeQ8(w());
		return [
			tensor.uint8(names.weight, dims, q.data),
			tensor.float(names.scale, [], Float32Array.of(q.scale)),
			tensor.uint8(names.zeroPoint, [], Uint8Array.of(q.zeroPoint)),
		];
	});
	return names;
}

type QuantizedActivation = Record<'data' | 'scale' | 'zeroPoint', string>;

// One DynamicQuantizeLinear per activation, shared by the projections reading it (q, k, v).
const quantizedActivations = new WeakMap<GraphBuilder, Map<string, QuantizedActivation>>();

export function dynamicQuantize(g: GraphBuilder, x: string): QuantizedActivation {
	let cache = quantizedActivations.get(g);
	if (!cache) quantizedActivations.set(g, (cache = new Map<string, QuantizedActivation>()));
	let xq = cache.get(x);
	if (!xq) cache.set(x, (xq = g.ops('DynamicQuantizeLinear', [x], ['data', 'scale', 'zeroPoint'])));
	return xq;
}

/** Integer result × (activation scale · weight scale), as float. */
export function rescale(
	g: GraphBuilder,
	acc: string,
	xq: QuantizedActivation,
	w: Q8Weight,
): string {
	const product = g.op('Cast', [acc], { to: attr.int(DataType.float) });
	return g.op('Mul', [product, g.op('Mul', [xq.scale, w.scale])]);
}

/** x·W: DynamicQuantizeLinear → MatMulInteger → Cast → Mul by both scales. */
export function q8MatMul(g: GraphBuilder, x: string, w: Q8Weight): string {
	const xq = dynamicQuantize(g, x);
	return rescale(g, g.op('MatMulInteger', [xq.data, w.weight, xq.zeroPoint, w.zeroPoint]), xq, w);
}

function q4MatMul(
	g: GraphBuilder,
	x: string,
	name: string,
	k: number,
	n: number,
	w: () => Float32Array,
): string {
	const blocks = k / Q4_BLOCK;
	g.inits.once(`${name}_q4`, () => {
		const q = quantizeQ4(w(), k, n);
		return [
			tensor.uint8(`${name}_q4`, [n, blocks, Q4_BLOCK / 2], q.data),
			tensor.float(`${name}_q4_scales`, [n * blocks], q.scales),
			tensor.uint8(`${name}_q4_zero_points`, [n * Math.ceil(blocks / 2)], q.zeroPoints),
		];
	});
	const attributes = {
		K: attr.int(k),
		N: attr.int(n),
		bits: attr.int(4),
		block_size: attr.int(Q4_BLOCK),
	};
	const inputs = [x, `${name}_q4`, `${name}_q4_scales`, `${name}_q4_zero_points`];
	return g.op('MatMulNBits', inputs, attributes, 'com.microsoft');
}

export function createLinear(g: GraphBuilder, format: WeightFormat, seed: number): Linear {
	const matmul = (x: string, { name, inDim, outDim }: LinearSpec): string => {
		const weight = `${name}.weight`;
		const w = () => uniformArray(seed, weight, inDim * outDim, weightStd(inDim));
		switch (format) {
			case 'fp32':
				g.inits.once(weight, () => [tensor.float(weight, [inDim, outDim], w())]);
				return g.op('MatMul', [x, weight]);
			case 'q8':
				return q8MatMul(g, x, registerQ8(g, weight, [inDim, outDim], w));
			case 'q4':
				return q4MatMul(g, x, weight, inDim, outDim, w);
		}
	};

	return (x, spec) => {
		const y = matmul(x, spec);
		if (!spec.bias) return y;
		const bias = `${spec.name}.bias`;
		g.inits.once(bias, () => [
			tensor.float(bias, [spec.outDim], uniformArray(seed, bias, spec.outDim, BIAS_STD)),
		]);
		return g.op('Add', [y, bias]);
	};
}
