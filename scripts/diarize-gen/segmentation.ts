// A constructed (not trained) stand-in for pyannote segmentation-3.0 with the same I/O:
// input_values [B, 1, N] (16 kHz samples) → logits [B, F, 7], F = floor((N − 721) / 270), as
// log-probabilities over the powerset classes (0 none, 1..3 one local speaker, 4..6 pairs).
//
// It responds to voiced-speech energy: a silent frame is class 0; a speaking frame is the local
// speaker of its pitch register (1 low, 2 middle, 3 high), found by the normalised
// autocorrelation of the low-passed signal. The frame grid equals the real model's: a 251-tap stride-10 convolution
// (SincNet's shape) then a stride-27 convolution whose 75-sample reach is zero-padded on both
// sides, so frame i is centred on sample 270 i + 495.
import { attr, GraphBuilder, Initializers } from '../whisper-gen/graph.js';
import type { ModelProto } from '../whisper-gen/onnx.js';
import { tensor } from '../whisper-gen/tensors.js';
import { hann, lowPass } from './dsp.js';

const RATE = 16_000;
const DECIMATE = 10;
const FRONT_TAPS = 251;
const FRAME_STRIDE = 27;
const FRAME_REACH = 75;
/** Extra reach on each side: a 155-tap (97 ms) analysis window resolves harmonics 40 Hz apart. */
const FRAME_PAD = 40;
const FRAME_TAPS = FRAME_REACH + 2 * FRAME_PAD;

/** Autocorrelation lags (at 1.6 kHz) per pitch register: high ≥ 229 Hz, middle 123–200 Hz, low 62–114 Hz. */
export const REGISTER_LAGS = [
	[14, 26],
	[8, 13],
	[4, 7],
] as const;
/** Scores use r(ℓ) and r(2ℓ): a true period repeats, a short-lag smoothness peak does not. */
const MAX_LAG = 52;
const FIRST_LAG = 4;
const LAST_LAG = 26;
/** A small cost per lag so that the period wins over its multiples. */
const LAG_COST = 0.008;
/** Per register (low, middle, high): high voices' periodicity is weaker through the 350 Hz low-pass. */
const REGISTER_BIAS = [0, 0, 0.05];
/** Pitch evidence is averaged over ±15 voiced frames (±0.25 s): one frame's pitch is often wrong. */
const SMOOTHING = 31;
/** Low-pass cutoff (Hz): keeps the fundamentals, drops most of the first formant. */
const FRONT_CUTOFF = 350;
/** Voiced-speech threshold on the windowed 0–350 Hz power: a 0.003-amplitude tone (−51 dBFS). */
const SPEECH_POWER = 4e-6;
const SPEECH_GAIN = 3;
const POWER_FLOOR = 1e-9;
/** How far the register evidence (normalised autocorrelation, 0..1) counts against speech evidence. */
const REGISTER_GAIN = 10;

export function buildSegmentation(): ModelProto {
	const inits = new Initializers();
	const g = new GraphBuilder(inits, 'seg/');
	const f = (name: string, dims: number[], data: Float32Array) =>
		inits.add(tensor.float(name, dims, data));

	const front = f('front.weight', [1, 1, FRONT_TAPS], lowPass(FRONT_TAPS, FRONT_CUTOFF / RATE));
	const low = g.op('Conv', ['input_values', front], {
		kernel_shape: attr.ints([FRONT_TAPS]),
		strides: attr.ints([DECIMATE]),
	});
	// Lagged products x[n]·x[n+ℓ], ℓ = 0..MAX_LAG, end-padded to a common length: [B, lags, L].
	const lags = Array.from({ length: MAX_LAG + 1 }, (_, lag) => {
		if (lag === 0) return g.op('Mul', [low, low]);
		const head = g.op('Slice', [low, g.int64s([0]), g.int64s([-lag]), g.int64s([2])]);
		const tail = g.op('Slice', [low, g.int64s([lag]), g.int64s([2 ** 31 - 1]), g.int64s([2])]);
		return g.op('Pad', [g.op('Mul', [head, tail]), g.int64s([0, 0, 0, 0, 0, lag])]);
	});
	const products = g.op('Concat', lags, { axis: attr.int(1) });
	// Windowed sums per frame (a grouped convolution with one Hann window per lag): [B, lags, F].
	const window = hann(FRAME_TAPS);
	const windows = new Float32Array((MAX_LAG + 1) * FRAME_TAPS);
	const norm = window.reduce((a, b) => a + b, 0);
	for (let lag = 0; lag <= MAX_LAG; lag++)
		for (let i = 0; i < FRAME_TAPS; i++) windows[lag * FRAME_TAPS + i] = window[i]! / norm;
	const sums = g.op('Conv', [products, f('window.weight', [MAX_LAG + 1, 1, FRAME_TAPS], windows)], {
		kernel_shape: attr.ints([FRAME_TAPS]),
		strides: attr.ints([FRAME_STRIDE]),
		pads: attr.ints([FRAME_PAD, FRAME_PAD]),
		group: attr.int(MAX_LAG + 1),
	});
	const power = g.op('Slice', [sums, g.int64s([0]), g.int64s([1]), g.int64s([1])]); // [B,1,F]
	const floor = g.float(POWER_FLOOR);
	const speech = g.op('Mul', [
		g.op('Sub', [g.op('Log', [g.op('Add', [power, floor])]), g.float(Math.log(SPEECH_POWER))]),
		g.float(SPEECH_GAIN),
	]);
	const speechT = g.op('Transpose', [speech], { perm: attr.ints([0, 2, 1]) }); // [B,F,1]
	const ratio = g.op('Div', [sums, g.op('Add', [power, floor])]); // r(ℓ) / r(0)
	const candidates = Array.from({ length: LAST_LAG - FIRST_LAG + 1 }, (_, i) => FIRST_LAG + i);
	const pick = (lags: number[]) => g.op('Gather', [ratio, g.int64s(lags)], { axis: attr.int(1) });
	const cost = Float32Array.from(candidates, (lag) => -LAG_COST * lag);
	const correlation = g.op('Add', [
		g.op('Mul', [
			g.op('Add', [pick(candidates), pick(candidates.map((l) => 2 * l))]),
			g.float(0.5),
		]),
		f('lag.cost', [candidates.length, 1], cost),
	]); // [B, candidates, F]
	const registers = REGISTER_LAGS.map(([from, to]) =>
		g.op(
			'ReduceMax',
			[
				g.op('Slice', [
					correlation,
					g.int64s([from - FIRST_LAG]),
					g.int64s([to + 1 - FIRST_LAG]),
					g.int64s([1]),
				]),
			],
			{
				axes: attr.ints([1]),
				keepdims: attr.int(1),
			},
		),
	); // 3 × [B,1,F]
	const voiced = g.op('Sigmoid', [speech]);
	const bias = f('register.bias', [3, 1], Float32Array.from(REGISTER_BIAS));
	const evidence = g.op('Mul', [
		g.op('Add', [g.op('Concat', registers, { axis: attr.int(1) }), bias]),
		voiced,
	]);
	const smooth = new Float32Array(3 * SMOOTHING).fill(REGISTER_GAIN / SMOOTHING);
	const smoothed = g.op('Conv', [evidence, f('smooth.weight', [3, 1, SMOOTHING], smooth)], {
		kernel_shape: attr.ints([SMOOTHING]),
		pads: attr.ints([(SMOOTHING - 1) / 2, (SMOOTHING - 1) / 2]),
		group: attr.int(3),
	});
	const scores = g.op('Transpose', [smoothed], { perm: attr.ints([0, 2, 1]) }); // [B,F,3]
	const best = g.op('ReduceMax', [scores], { axes: attr.ints([2]), keepdims: attr.int(1) });
	const none = g.op('Sub', [best, speechT]);
	const singles = g.op('Add', [scores, speechT]);
	const impossible = g.op('Add', [g.op('Mul', [speechT, g.float(0)]), g.float(-30)]);
	const all = g.op('Concat', [none, singles, impossible, impossible, impossible], {
		axis: attr.int(2),
	});
	g.named('LogSoftmax', [all], ['logits'], { axis: attr.int(2) });

	return {
		graph: {
			name: 'constructed-segmentation',
			nodes: g.nodes,
			initializers: inits.list(),
			inputs: [{ name: 'input_values', type: 'float', shape: ['batch_size', 1, 'num_samples'] }],
			outputs: [{ name: 'logits', type: 'float', shape: ['batch_size', 'num_frames', 7] }],
		},
		opsets: [{ domain: '', version: 17 }],
	};
}
