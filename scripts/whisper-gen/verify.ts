// Verifies a generated model folder with the real transformers.js pipeline and
// onnxruntime; exits non-zero on any failure.
//   npx tsx scripts/whisper-gen/verify.ts --model DIR [--dtypes fp32,q8] [--preset NAME]
// DIR needs the fp32 files (the reference for the cache and q8 checks).
// With --preset, the preset is also regenerated into a temporary folder and
// must be byte-identical to DIR (determinism, and that DIR is up to date).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PresetName } from './presets.js';
import { DEFAULT_SEED, PRESETS } from './presets.js';
import { verifyOnnx } from './verify-onnx.js';
import { verifyPipeline } from './verify-pipeline.js';
import { writeWhisperModel } from './write-model.js';

const MAX_CACHE_DIFF = 1e-3;
const MIN_Q8_SIMILARITY = 0.9;
const DTYPES = ['fp32', 'q8', 'q4'] as const;
type Dtype = (typeof DTYPES)[number];

const { values } = parseArgs({
	options: {
		model: { type: 'string' },
		dtypes: { type: 'string', default: 'fp32,q8' },
		preset: { type: 'string' },
		seed: { type: 'string', default: String(DEFAULT_SEED) },
	},
});
if (!values.model) throw new Error('--model DIR is required');
const modelDir = resolve(values.model);
const dtypes = values.dtypes.split(',') as Dtype[];
if (!dtypes.every((d) => DTYPES.includes(d))) throw new Error(`unknown dtype in ${values.dtypes}`);

const failures: string[] = [];

if (values.preset) {
	if (!(values.preset in PRESETS)) throw new Error(`unknown preset ${values.preset}`);
	const scratch = mkdtempSync(join(tmpdir(), 'whisper-gen-'));
	try {
		const files = writeWhisperModel(
			PRESETS[values.preset as PresetName],
			scratch,
			dtypes,
			Number(values.seed),
		);
		const differing = files.filter(
			(f) => !readFileSync(join(scratch, f)).equals(readFileSync(join(modelDir, f))),
		);
		console.log(
			`regenerated ${values.preset}: ${differing.length === 0 ? 'byte-identical' : `DIFFERS: ${differing.join(', ')}`}`,
		);
		failures.push(...differing.map((f) => `${f} differs from a fresh generation`));
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

const onnx = await verifyOnnx(modelDir, dtypes.includes('q8'));
console.log(`cached vs full decoding, max |Δlogit|: ${onnx.cacheMaxAbsDiff.toExponential(2)}`);
// Negated so that NaN fails too.
if (!(onnx.cacheMaxAbsDiff <= MAX_CACHE_DIFF))
	failures.push('cached decoding differs from full recomputation');
if (onnx.q8TextLogitSimilarity !== undefined && onnx.q8EncoderSimilarity !== undefined) {
	console.log(
		`q8 vs fp32 similarity: decoder text logits ${onnx.q8TextLogitSimilarity.toFixed(4)}, encoder output ${onnx.q8EncoderSimilarity.toFixed(4)}`,
	);
	if (onnx.q8TextLogitSimilarity < MIN_Q8_SIMILARITY)
		failures.push('q8 decoder logits far from fp32');
	if (onnx.q8EncoderSimilarity < MIN_Q8_SIMILARITY)
		failures.push('q8 encoder output far from fp32');
}

for (const dtype of dtypes) {
	for (const r of await verifyPipeline(modelDir, dtype)) {
		const status = r.problems.length === 0 ? 'ok  ' : 'FAIL';
		const chunks = r.output.chunks
			? ` ${r.output.chunks.length} chunks ${JSON.stringify(r.output.chunks.map((c) => c.timestamp))}`
			: '';
		console.log(
			`${status} ${dtype.padEnd(4)} ${r.mode.padEnd(30)} ${r.ms.toFixed(0).padStart(6)} ms  ${JSON.stringify(r.output.text)}${chunks}`,
		);
		failures.push(...r.problems.map((p) => `${dtype} ${r.mode}: ${p}`));
	}
}

if (failures.length > 0) {
	console.error(`\n${failures.length} failure(s):\n${failures.join('\n')}`);
	process.exit(1);
}
console.log('\nall checks passed');
