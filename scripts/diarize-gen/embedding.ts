// A constructed (not trained) stand-in for WeSpeaker ResNet34 with the same I/O:
// input_features [B, T, 80] (Kaldi log-mel fbank, 25 ms / 10 ms) → last_hidden_state [B, 256].
//
// It computes voice statistics that separate clearly different voices:
// - a pitch-register histogram: per frame, the centroid of a sharp softmax over the
//   loudness-normalised log-mel bins below ~500 Hz (where the fundamental and first harmonics
//   lie), soft-assigned to one unit per bin and averaged over time;
// - the long-term spectral shape: the loudness-normalised log-mel averaged over time, at a
//   smaller weight.
// Both land in the first 16 + 80 dimensions (the rest are zero), minus a reference voice.
import { attr, GraphBuilder, Initializers } from '../whisper-gen/graph.js';
import type { ModelProto } from '../whisper-gen/onnx.js';
import { tensor } from '../whisper-gen/tensors.js';

export const MEL_BINS = 80;
export const EMBEDDING_DIM = 256;
/** Log-mel bins 0..15 cover ≈ 40–480 Hz (Kaldi mel scale, 20 Hz–8 kHz, 80 bins). */
const PITCH_BINS = 16;
const SHARPNESS = 4;
const PITCH_WEIGHT = 8;
const UNIT_WIDTH = 0.7;
const SHAPE_WEIGHT = 0.3;

/**
 * `reference` (EMBEDDING_DIM values) is subtracted from every embedding: the average voice, so that
 * cosine distances measure how a voice differs from it (a trained model learns such a centre; this
 * one takes it from `calibrate.ts`).
 */
export function buildEmbedding(
	reference: Float32Array = new Float32Array(EMBEDDING_DIM),
): ModelProto {
	const inits = new Initializers();
	const g = new GraphBuilder(inits, 'emb/');
	const mean = (x: string, axis: number) =>
		g.op('ReduceMean', [x], { axes: attr.ints([axis]), keepdims: attr.int(0) });

	const x = 'input_features';
	const level = g.op('ReduceMean', [x], { axes: attr.ints([2]), keepdims: attr.int(1) });
	const shape = g.op('Sub', [x, level]); // [B,T,80]
	const low = g.op('Slice', [shape, g.int64s([0]), g.int64s([PITCH_BINS]), g.int64s([2])]);
	const register = g.op('Softmax', [g.op('Mul', [low, g.float(SHARPNESS)])], { axis: attr.int(2) });
	// Where the frame's low-frequency energy sits, as a fractional bin index (the softmax centroid),
	// then soft-assigned to one unit per bin: a histogram of that position over the clip.
	const position = g.op('MatMul', [
		register,
		inits.add(
			tensor.float(
				'bin.index',
				[PITCH_BINS, 1],
				Float32Array.from({ length: PITCH_BINS }, (_, i) => i),
			),
		),
	]); // [B,T,1]
	const centres = Float32Array.from({ length: PITCH_BINS }, (_, i) => i);
	const offset = g.op('Sub', [
		position,
		inits.add(tensor.float('unit.centre', [PITCH_BINS], centres)),
	]);
	const units = g.op('Exp', [
		g.op('Mul', [g.op('Mul', [offset, offset]), g.float(-0.5 / UNIT_WIDTH ** 2)]),
	]); // [B,T,16]
	const counts = mean(units, 1);
	const histogram = g.op('Sub', [
		counts,
		g.op('ReduceMean', [counts], { axes: attr.ints([1]), keepdims: attr.int(1) }),
	]); // [B,16]
	const features = g.op('Concat', [histogram, mean(shape, 1)], { axis: attr.int(1) }); // [B,96]

	const dims = PITCH_BINS + MEL_BINS;
	const projection = new Float32Array(dims * EMBEDDING_DIM);
	for (let i = 0; i < dims; i++)
		projection[i * EMBEDDING_DIM + i] = i < PITCH_BINS ? PITCH_WEIGHT : SHAPE_WEIGHT;
	const w = inits.add(tensor.float('projection.weight', [dims, EMBEDDING_DIM], projection));
	const centre = inits.add(tensor.float('reference', [EMBEDDING_DIM], reference));
	g.named('Sub', [g.op('MatMul', [features, w]), centre], ['last_hidden_state']);

	return {
		graph: {
			name: 'constructed-embedding',
			nodes: g.nodes,
			initializers: inits.list(),
			inputs: [
				{ name: 'input_features', type: 'float', shape: ['batch_size', 'num_frames', MEL_BINS] },
			],
			outputs: [{ name: 'last_hidden_state', type: 'float', shape: ['batch_size', EMBEDDING_DIM] }],
		},
		opsets: [{ domain: '', version: 17 }],
	};
}
