// Random-weight models at the real dimensions, for timing only (bench:diarize):
// - pyannote segmentation-3.0: SincNet front end (instance norm; 80 filters k251 stride 10, abs,
//   max-pool 3, norm, leaky ReLU; conv 80→60 k5 and 60→60 k5, each pooled, normed, leaky ReLU),
//   4 bidirectional LSTM layers of 128, Linear 256→128→128→7, LogSoftmax (≈ 1.47 M parameters);
// - WeSpeaker ResNet34: 32-channel stem, basic blocks [3, 4, 6, 3] at 32/64/128/256 channels
//   (batch norm folded into biases), statistics pooling (mean, std), Linear 5120·2 → 256 (≈ 6.6 M).
import { attr, GraphBuilder, Initializers } from '../whisper-gen/graph.js';
import type { ModelProto } from '../whisper-gen/onnx.js';
import { uniformArray } from '../whisper-gen/prng.js';
import { tensor } from '../whisper-gen/tensors.js';

const SEED = 18;
const opsets = [{ domain: '', version: 17 }];

function weight(g: GraphBuilder, name: string, dims: number[], fanIn: number): string {
	const n = dims.reduce((a, b) => a * b, 1);
	return g.inits.add(tensor.float(name, dims, uniformArray(SEED, name, n, fanIn ** -0.5)));
}

function constant(g: GraphBuilder, name: string, dims: number[], value: number): string {
	const n = dims.reduce((a, b) => a * b, 1);
	return g.inits.add(tensor.float(name, dims, new Float32Array(n).fill(value)));
}

function instanceNorm(g: GraphBuilder, x: string, name: string, channels: number): string {
	return g.op('InstanceNormalization', [
		x,
		constant(g, `${name}.scale`, [channels], 1),
		constant(g, `${name}.bias`, [channels], 0),
	]);
}

function conv1d(
	g: GraphBuilder,
	x: string,
	name: string,
	cin: number,
	cout: number,
	k: number,
	stride = 1,
) {
	return g.op('Conv', [x, weight(g, `${name}.weight`, [cout, cin, k], cin * k)], {
		kernel_shape: attr.ints([k]),
		strides: attr.ints([stride]),
	});
}

const pool3 = (g: GraphBuilder, x: string) =>
	g.op('MaxPool', [x], { kernel_shape: attr.ints([3]), strides: attr.ints([3]) });
const leaky = (g: GraphBuilder, x: string) => g.op('LeakyRelu', [x], { alpha: attr.float(0.01) });

export function buildRealSegmentation(): ModelProto {
	const g = new GraphBuilder(new Initializers(), 'seg/');
	let x = instanceNorm(g, 'input_values', 'wav_norm', 1);
	x = leaky(
		g,
		instanceNorm(g, pool3(g, g.op('Abs', [conv1d(g, x, 'sinc', 1, 80, 251, 10)])), 'norm0', 80),
	);
	x = leaky(g, instanceNorm(g, pool3(g, conv1d(g, x, 'conv1', 80, 60, 5)), 'norm1', 60));
	x = leaky(g, instanceNorm(g, pool3(g, conv1d(g, x, 'conv2', 60, 60, 5)), 'norm2', 60));
	let seq = g.op('Transpose', [x], { perm: attr.ints([2, 0, 1]) }); // [F, B, 60]
	let input = 60;
	const hidden = 128;
	for (let layer = 0; layer < 4; layer++) {
		const w = weight(g, `lstm${layer}.W`, [2, 4 * hidden, input], hidden);
		const r = weight(g, `lstm${layer}.R`, [2, 4 * hidden, hidden], hidden);
		const b = constant(g, `lstm${layer}.B`, [2, 8 * hidden], 0);
		const y = g.ops('LSTM', [seq, w, r, b], ['y'], {
			hidden_size: attr.int(hidden),
			direction: attr.string('bidirectional'),
		}).y; // [F, 2, B, 128]
		seq = g.op('Reshape', [
			g.op('Transpose', [y], { perm: attr.ints([0, 2, 1, 3]) }),
			g.int64s([0, 0, 2 * hidden]),
		]);
		input = 2 * hidden;
	}
	let h = g.op('Transpose', [seq], { perm: attr.ints([1, 0, 2]) }); // [B, F, 256]
	for (const [i, [cin, cout]] of [
		[256, 128],
		[128, 128],
	].entries()) {
		h = leaky(
			g,
			g.op('Add', [
				g.op('MatMul', [h, weight(g, `linear${i}.weight`, [cin!, cout!], cin!)]),
				constant(g, `linear${i}.bias`, [cout!], 0),
			]),
		);
	}
	const logits = g.op('MatMul', [h, weight(g, 'classifier.weight', [128, 7], 128)]);
	g.named('LogSoftmax', [logits], ['logits'], { axis: attr.int(2) });
	return {
		graph: {
			name: 'pyannote-segmentation-3.0-random',
			nodes: g.nodes,
			initializers: g.inits.list(),
			inputs: [{ name: 'input_values', type: 'float', shape: ['batch_size', 1, 'num_samples'] }],
			outputs: [{ name: 'logits', type: 'float', shape: ['batch_size', 'num_frames', 7] }],
		},
		opsets,
	};
}

function conv2d(
	g: GraphBuilder,
	x: string,
	name: string,
	cin: number,
	cout: number,
	k: number,
	stride: number,
) {
	return g.op(
		'Conv',
		[
			x,
			weight(g, `${name}.weight`, [cout, cin, k, k], cin * k * k),
			constant(g, `${name}.bias`, [cout], 0),
		],
		{
			kernel_shape: attr.ints([k, k]),
			strides: attr.ints([stride, stride]),
			pads: attr.ints(k === 3 ? [1, 1, 1, 1] : [0, 0, 0, 0]),
		},
	);
}

export function buildRealEmbedding(): ModelProto {
	const g = new GraphBuilder(new Initializers(), 'emb/');
	// [B, T, 80] → [B, 1, 80, T]: frequency × time, as WeSpeaker's ResNet sees it.
	let x = g.op('Unsqueeze', [
		g.op('Transpose', ['input_features'], { perm: attr.ints([0, 2, 1]) }),
		g.int64s([1]),
	]);
	x = g.op('Relu', [conv2d(g, x, 'stem', 1, 32, 3, 1)]);
	let channels = 32;
	for (const [stage, [blocks, width, stride]] of [
		[3, 32, 1],
		[4, 64, 2],
		[6, 128, 2],
		[3, 256, 2],
	].entries()) {
		for (let b = 0; b < blocks!; b++) {
			const s = b === 0 ? stride! : 1;
			const name = `layer${stage}.${b}`;
			const y = conv2d(
				g,
				g.op('Relu', [conv2d(g, x, `${name}.conv1`, channels, width!, 3, s)]),
				`${name}.conv2`,
				width!,
				width!,
				3,
				1,
			);
			const shortcut =
				s !== 1 || channels !== width
					? conv2d(g, x, `${name}.shortcut`, channels, width!, 1, s)
					: x;
			x = g.op('Relu', [g.op('Add', [y, shortcut])]);
			channels = width!;
		}
	}
	// [B, 256, 10, T/8] → [B, 2560, T/8]; mean and standard deviation over time.
	const flat = g.op('Reshape', [x, g.int64s([0, 2560, -1])]);
	const mean = g.op('ReduceMean', [flat], { axes: attr.ints([2]), keepdims: attr.int(1) });
	const centred = g.op('Sub', [flat, mean]);
	const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], {
		axes: attr.ints([2]),
		keepdims: attr.int(0),
	});
	const std = g.op('Sqrt', [g.op('Add', [variance, g.float(1e-5)])]);
	const stats = g.op('Concat', [g.op('Squeeze', [mean, g.int64s([2])]), std], {
		axis: attr.int(1),
	});
	const out = g.op('MatMul', [stats, weight(g, 'embedding.weight', [5120, 256], 5120)]);
	g.named('Add', [out, constant(g, 'embedding.bias', [256], 0)], ['last_hidden_state']);
	return {
		graph: {
			name: 'wespeaker-resnet34-random',
			nodes: g.nodes,
			initializers: g.inits.list(),
			inputs: [{ name: 'input_features', type: 'float', shape: ['batch_size', 'num_frames', 80] }],
			outputs: [{ name: 'last_hidden_state', type: 'float', shape: ['batch_size', 256] }],
		},
		opsets,
	};
}
