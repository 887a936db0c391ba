// Checks generated test models with onnxruntime-node against their design (needs espeak-ng, sox):
//   npx tsx scripts/diarize-gen/verify.ts [--models test/fixtures/models]
// - segmentation: F = floor((N − 721) / 270) for many N; on the three-voice conversation, speech
//   frames get their voice's register class and silent frames class 0 (≥ 80 % each);
// - embedding: per-utterance cosine distances are small within a voice and large between voices.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { fbank } from '../../src/lib/server/diarization/fbank.js';
import { conversation, LINES, RATE } from '../../test/unit/diarization/voices.js';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from './folders.js';

const { values } = parseArgs({
	options: { models: { type: 'string', default: 'test/fixtures/models' } },
});
const root = resolve(values.models);
let failed = false;
const check = (ok: boolean, what: string) => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
	if (!ok) failed = true;
};

const seg = await ort.InferenceSession.create(join(root, SEGMENTATION_FOLDER, 'onnx/model.onnx'));
for (const n of [991, 1260, 1261, 1531, 4001, 12345, 99999, 160000, 160271]) {
	const out = await seg.run({
		input_values: new ort.Tensor('float32', new Float32Array(n), [1, 1, n]),
	});
	const dims = out.logits!.dims;
	check(
		dims[1] === Math.floor((n - 721) / 270) && dims[2] === 7,
		`N=${n} → logits [${dims.join(', ')}]`,
	);
}

const { samples, turns } = conversation(LINES);
const out = await seg.run({
	input_values: new ort.Tensor('float32', samples, [1, 1, samples.length]),
});
const logits = out.logits!.data as Float32Array;
const frames = out.logits!.dims[1]!;
const want = { low: 1, middle: 2, high: 3 } as const;
const tally = new Map<string, { right: number; all: number }>();
for (let i = 0; i < frames; i++) {
	let best = 0;
	for (let c = 1; c < 7; c++) if (logits[i * 7 + c]! > logits[i * 7 + best]!) best = c;
	const t = (270 * i + 495) / RATE;
	const turn = turns.find((x) => t >= x.start && t < x.end);
	const key = turn?.speaker ?? 'silence';
	const expected = turn ? want[turn.speaker] : 0;
	const entry = tally.get(key) ?? { right: 0, all: 0 };
	entry.all++;
	if (best === expected) entry.right++;
	tally.set(key, entry);
}
for (const [key, { right, all }] of tally)
	check(
		right / all >= 0.8,
		`segmentation ${key}: ${((100 * right) / all).toFixed(1)} % of ${all} frames right`,
	);

const emb = await ort.InferenceSession.create(join(root, EMBEDDING_FOLDER, 'onnx/model.onnx'));
const features = fbank(samples);
const vectors: { speaker: string; v: Float32Array }[] = [];
for (const turn of turns) {
	const a = Math.ceil(turn.start * 100);
	const b = Math.floor(turn.end * 100) - 3;
	const o = await emb.run({
		input_features: new ort.Tensor('float32', features.slice(a * 80, b * 80), [1, b - a, 80]),
	});
	vectors.push({ speaker: turn.speaker, v: o[emb.outputNames[0]!]!.data as Float32Array });
}
const cosine = (a: Float32Array, b: Float32Array) => {
	let d = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		d += a[i]! * b[i]!;
		na += a[i]! ** 2;
		nb += b[i]! ** 2;
	}
	return 1 - d / Math.sqrt(na * nb);
};
let within = 0;
let between = Infinity;
for (const a of vectors)
	for (const b of vectors) {
		if (a === b) continue;
		const d = cosine(a.v, b.v);
		if (a.speaker === b.speaker) within = Math.max(within, d);
		else between = Math.min(between, d);
	}
check(within < 0.4, `embedding: largest distance within a voice ${within.toFixed(2)}`);
check(between > 0.6, `embedding: smallest distance between voices ${between.toFixed(2)}`);
process.exit(failed ? 1 : 0);
