// The encoder's 1-D convolutions (kernel 3, padding 1). q8 uses ConvInteger
// like onnxruntime's dynamic quantisation; q4 has no 4-bit Conv, so it keeps fp32.
import type { GraphBuilder } from './graph.js';
import { attr } from './graph.js';
import type { WeightFormat } from './linear.js';
import { dynamicQuantize, registerQ8, rescale } from './linear.js';
import { uniformArray } from './prng.js';
import { tensor } from './tensors.js';

export interface ConvSpec {
	name: string;
	inChannels: number;
	outChannels: number;
	stride: number;
}

const KERNEL = 3;

export function conv1d(
	g: GraphBuilder,
	format: WeightFormat,
	seed: number,
	x: string,
	spec: ConvSpec,
): string {
	const { name, inChannels, outChannels, stride } = spec;
	const fanIn = inChannels * KERNEL;
	const dims = [outChannels, inChannels, KERNEL];
	const weight = () => uniformArray(seed, `${name}.weight`, outChannels * fanIn, fanIn ** -0.5);
	const bias = uniformArray(seed, `${name}.bias`, outChannels, 0.02);
	const attributes = {
		kernel_shape: attr.ints([KERNEL]),
		pads: attr.ints([1, 1]),
		strides: attr.ints([stride]),
	};

	if (format !== 'q8') {
		g.inits.add(tensor.float(`${name}.weight`, dims, weight()));
		g.inits.add(tensor.float(`${name}.bias`, [outChannels], bias));
		return g.op('Conv', [x, `${name}.weight`, `${name}.bias`], attributes);
	}
	const w = registerQ8(g, `${name}.weight`, dims, weight);
	// The bias is added after rescaling, broadcast over time: [channels, 1].
	g.inits.add(tensor.float(`${name}.bias`, [outChannels, 1], bias));
	const xq = dynamicQuantize(g, x);
	const acc = g.op('ConvInteger', [xq.data, w.weight, xq.zeroPoint, w.zeroPoint], attributes);
	return g.op('Add', [rescale(g, acc, xq, w), `${name}.bias`]);
}
