// Whisper encoder: two GELU convolutions (the second halves 3000 mel frames to
// 1500 positions), sinusoidal positions, pre-LN transformer blocks.
import { conv1d } from './conv.js';
import { GraphBuilder, Initializers, attr } from './graph.js';
import type { BlockContext } from './layers.js';
import {
	attend,
	feedForward,
	gelu,
	layerNorm,
	projection,
	query,
	residual,
	splitHeads,
} from './layers.js';
import type { WeightFormat } from './linear.js';
import { createLinear } from './linear.js';
import type { ModelProto } from './onnx.js';
import { opsetsFor } from './opsets.js';
import type { WhisperDims } from './presets.js';
import { tensor } from './tensors.js';

/** Hugging Face's `sinusoids(length, channels)`: sin half then cos half. */
function sinusoids(length: number, channels: number): Float32Array {
	const half = channels / 2;
	const increment = Math.log(10000) / (half - 1);
	const out = new Float32Array(length * channels);
	for (let pos = 0; pos < length; pos++) {
		for (let i = 0; i < half; i++) {
			const t = pos * Math.exp(-increment * i);
			out[pos * channels + i] = Math.sin(t);
			out[pos * channels + half + i] = Math.cos(t);
		}
	}
	return out;
}

export function buildEncoder(dims: WhisperDims, format: WeightFormat, seed: number): ModelProto {
	const inits = new Initializers();
	const g = new GraphBuilder(inits, '');
	const d = dims.dModel;
	const ctx: BlockContext = {
		g,
		linear: createLinear(g, format, seed),
		dModel: d,
		heads: dims.heads,
		ffnDim: dims.ffnDim,
	};

	const conv = (name: string, x: string, inChannels: number, stride: number): string =>
		gelu(g, conv1d(g, format, seed, x, { name, inChannels, outChannels: d, stride }));

	let x = conv('model.encoder.conv1', 'input_features', dims.numMelBins, 1);
	x = conv('model.encoder.conv2', x, d, 2);
	x = g.op('Transpose', [x], { perm: attr.ints([0, 2, 1]) });
	const positions = inits.add(
		tensor.float(
			'model.encoder.embed_positions.weight',
			[dims.maxSourcePositions, d],
			sinusoids(dims.maxSourcePositions, d),
		),
	);
	x = g.op('Add', [x, positions]);

	for (let i = 0; i < dims.encoderLayers; i++) {
		const p = `model.encoder.layers.${i}`;
		x = residual(
			g,
			x,
			(h) => {
				const q = query(ctx, h, `${p}.self_attn.q_proj`);
				const k = splitHeads(ctx, projection(ctx, h, `${p}.self_attn.k_proj`, false));
				const v = splitHeads(ctx, projection(ctx, h, `${p}.self_attn.v_proj`, true));
				return projection(ctx, attend(ctx, q, k, v).context, `${p}.self_attn.out_proj`, true);
			},
			`${p}.self_attn_layer_norm`,
			d,
		);
		x = residual(g, x, (h) => feedForward(ctx, h, p), `${p}.final_layer_norm`, d);
	}
	g.named('Identity', [layerNorm(g, x, 'model.encoder.layer_norm', d)], ['last_hidden_state']);

	return {
		graph: {
			name: 'whisper_encoder',
			nodes: g.nodes,
			initializers: inits.list(),
			inputs: [
				{
					name: 'input_features',
					type: 'float',
					shape: ['batch_size', dims.numMelBins, 2 * dims.maxSourcePositions],
				},
			],
			outputs: [
				{
					name: 'last_hidden_state',
					type: 'float',
					shape: ['batch_size', dims.maxSourcePositions, d],
				},
			],
		},
		opsets: opsetsFor(format),
	};
}
