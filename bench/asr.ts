/**
 * `npm run bench:asr [-- --quick] [--models tiny,base] [--sections features,models,tuning,engine]`
 *
 * Times the ASR engine on random-weight Whisper models of the real tiny and base dimensions
 * (generated into bench/.models on first use): features, encoder and decoder per window, the
 * onnxruntime and VAD changes against their baselines, and 10 minutes of speech through the whole
 * engine. Medians, never assertions; writes bench/results/asr-*.{json,md}. See docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env as transformersEnv } from '@huggingface/transformers';
import { env as ortEnv } from 'onnxruntime-node';
import { speechLike } from './asr/audio';
import { BATCH, loadModel, measureFeatures, measureModel } from './asr/components';
import { measureEngine } from './asr/engine-run';
import { ensureModel, type BenchDtype, type BenchPreset } from './asr/models';
import { markdown, type BenchResult } from './asr/report';
import { load } from './asr/stats';
import { compareSessionOptions, compareVad } from './asr/tuning';

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		models: { type: 'string', default: 'tiny,base' },
		sections: { type: 'string', default: 'features,models,tuning,engine' },
	},
});
const quick = values.quick;
const presets = values.models.split(',') as BenchPreset[];
const sections = new Set(values.sections.split(','));
const DTYPES: BenchDtype[] = ['fp32', 'q8'];
const runs = quick
	? { features: 3, encoder: 2, decoder: 1, tuning: 1, vad: 1, engine: 1 }
	: { features: 20, encoder: 5, decoder: 3, tuning: 5, vad: 3, engine: 2 };

const result: BenchResult = {
	date: new Date().toISOString(),
	machine: {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: availableParallelism(),
		node: process.versions.node,
		onnxruntime: ortEnv.versions.node ?? 'unknown',
		transformers: transformersEnv.version,
	},
	load: { start: load() },
	models: [],
	comparisons: [],
	engine: [],
};
const log = (msg: string) => console.log(`[${load().join('/')}] ${msg}`);

const models = Object.fromEntries(presets.map((p) => [p, ensureModel(p, DTYPES)]));
const tenMinutes = speechLike(600);
const window = tenMinutes.slice(0, 30 * 16000);

for (const preset of presets) {
	const { id, dir } = models[preset]!;
	for (const dtype of DTYPES) {
		if (!sections.has('models') && !(sections.has('features') && !result.features)) continue;
		const model = await loadModel(dir, dtype);
		if (sections.has('features') && !result.features) {
			log('features');
			result.features = await measureFeatures(model, dir, window, runs.features);
		}
		if (sections.has('models')) {
			log(`${id} ${dtype}`);
			const times = await measureModel(model, window, runs);
			result.models.push({ model: id, dtype, ...times });
		}
		await model.dispose();
	}
}

if (sections.has('tuning')) {
	const target = models.base ?? models[presets[0]!]!;
	log(`session options on ${target.id} q8`);
	result.comparisons.push(...(await compareSessionOptions(target.dir, 'q8', window, runs.tuning)));
	log('VAD streams');
	result.comparisons.push(await compareVad(tenMinutes, runs.vad));
}

if (sections.has('engine')) {
	for (const preset of presets) {
		for (const batch of [1, BATCH]) {
			log(`10 minutes through the engine: ${models[preset]!.id} q8, batch ${batch}`);
			result.engine.push(
				await measureEngine(models[preset]!.id, 'q8', tenMinutes, runs.engine, batch),
			);
		}
	}
}

result.load.end = load();
const table = markdown(result);
const outDir = path.resolve(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
const stamp = result.date.replace(/[:.]/g, '-');
for (const name of [`asr-${stamp}`, 'asr-latest']) {
	writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
	writeFileSync(path.join(outDir, `${name}.md`), table);
}
console.log(`\n${table}\nwrote ${path.join(outDir, `asr-${stamp}.{json,md}`)}`);
