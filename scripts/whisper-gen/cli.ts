// Generates a random-weight Whisper model folder for transformers.js:
//   npx tsx scripts/whisper-gen/cli.ts --preset fixture|tiny|base --out DIR [--dtypes fp32,q8,q4] [--seed N]
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { WeightFormat } from './linear.js';
import type { PresetName } from './presets.js';
import { DEFAULT_SEED, PRESETS } from './presets.js';
import { writeWhisperModel } from './write-model.js';

const FORMATS: readonly WeightFormat[] = ['fp32', 'q8', 'q4'];

function fail(message: string): never {
	console.error(
		`${message}\nusage: cli.ts --preset ${Object.keys(PRESETS).join('|')} --out DIR [--dtypes fp32,q8,q4] [--seed N]`,
	);
	process.exit(2);
}

const { values } = parseArgs({
	options: {
		preset: { type: 'string' },
		out: { type: 'string' },
		dtypes: { type: 'string', default: 'fp32,q8' },
		seed: { type: 'string', default: String(DEFAULT_SEED) },
	},
});

if (!values.preset || !(values.preset in PRESETS))
	fail(`unknown preset: ${values.preset ?? '(none)'}`);
if (!values.out) fail('--out is required');
const formats = values.dtypes.split(',').map((f) => f.trim());
const unknown = formats.filter((f) => !FORMATS.includes(f as WeightFormat));
if (unknown.length > 0) fail(`unknown dtype(s): ${unknown.join(', ')}`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer: ${values.seed}`);

const outDir = resolve(values.out);
const started = performance.now();
const files = writeWhisperModel(
	PRESETS[values.preset as PresetName],
	outDir,
	formats as WeightFormat[],
	seed,
);
for (const file of files) {
	const size = statSync(join(outDir, file)).size;
	console.log(`${(size / 1e6).toFixed(2).padStart(9)} MB  ${file}`);
}
console.log(`wrote ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
