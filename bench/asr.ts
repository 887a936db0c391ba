/**
 * `npm run bench:asr [-- --quick] [--models tiny,base] [--sections features,models,tuning,engine,memory]
 *   [--batch 8] [--minutes 1,10] [--compare-whispercpp]`
 *
 * Times the ASR engine on random-weight Whisper models of real dimensions (tiny … large-v3-turbo,
 * generated into bench/.models on first use): features, encoder and decoder per window, the
 * onnxruntime and VAD changes against their baselines, 10 minutes of speech through the whole
 * engine, and each model's peak memory per length of audio. With --compare-whispercpp,
 * whisper.cpp runs the same model dimensions in the same benchmark run (WHISPER_CPP_SRC: a
 * checkout) and the ratio is printed. Medians, never assertions; writes
 * bench/results/asr-*.{json,md}. See docs/benchmarks.md.
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
import { measureMemory, SERVER_BATCH } from './asr/memory';
import { compareArena, compareFirstStep } from './asr/memory-tuning';
import { BENCH_PRESETS, ensureModel, type BenchDtype, type BenchPreset } from './asr/models';
import { markdown, type BenchResult } from './asr/report';
import { load } from './asr/stats';
import { compareSessionOptions, compareVad } from './asr/tuning';
import { measureWhisperCpp } from './asr/whispercpp';

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		models: { type: 'string', default: 'tiny,base' },
		sections: { type: 'string', default: 'features,models,tuning,engine,memory' },
		batch: { type: 'string', default: String(BATCH) },
		minutes: { type: 'string', default: '1,10' },
		'compare-whispercpp': { type: 'boolean', default: false },
	},
});
const quick = values.quick;
const presets = values.models.split(',') as BenchPreset[];
const unknown = presets.filter((p) => !BENCH_PRESETS.includes(p));
if (unknown.length)
	throw new Error(`unknown model(s) ${unknown.join(', ')}: ${BENCH_PRESETS.join(', ')}`);
const sections = new Set(values.sections.split(','));
const batchSize = Number(values.batch);
const lengths = values.minutes.split(',').map(Number);
const compare = values['compare-whispercpp'];
// fp32 only for the small models: the large ones would pass protobuf's 2 GB file limit, and
// nobody runs them in fp32 on a CPU.
const dtypesOf = (p: BenchPreset): BenchDtype[] =>
	p === 'tiny' || p === 'base' ? ['fp32', 'q8'] : ['q8'];
const runs = quick
	? { features: 3, encoder: 2, decoder: 1, tuning: 1, vad: 1, engine: 1, whispercpp: 1 }
	: { features: 20, encoder: 5, decoder: 3, tuning: 5, vad: 3, engine: 2, whispercpp: 2 };

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
	whisperCpp: [],
	whisperCppFailed: [],
	comparisons: [],
	engine: [],
	memory: [],
};
const log = (msg: string) => console.log(`[${load().join('/')}] ${msg}`);

const models = Object.fromEntries(presets.map((p) => [p, ensureModel(p, dtypesOf(p))]));
const tenMinutes = speechLike(600);
const window = tenMinutes.slice(0, 30 * 16000);

for (const preset of presets) {
	const { id, dir } = models[preset]!;
	for (const dtype of dtypesOf(preset)) {
		if (!sections.has('models') && !(sections.has('features') && !result.features)) continue;
		const model = await loadModel(dir, dtype);
		if (sections.has('features') && !result.features) {
			log('features');
			result.features = await measureFeatures(model, dir, window, runs.features);
		}
		if (sections.has('models')) {
			log(`${id} ${dtype}`);
			const times = await measureModel(model, window, runs, batchSize);
			result.models.push({ model: id, dtype, ...times });
		}
		await model.dispose();
	}
	if (compare) {
		// Right after our own figures for the model, so that both see the same machine.
		log(`whisper.cpp ${preset} q8_0`);
		try {
			result.whisperCpp.push({ preset, id, ...measureWhisperCpp(preset, runs.whispercpp) });
		} catch (err) {
			// Say what could not run (a failed build, a crash, a kill) and keep our own figures.
			log(`whisper.cpp ${preset}: ${err instanceof Error ? err.message : String(err)}`);
			result.whisperCppFailed.push(preset);
		}
	}
}

if (sections.has('tuning')) {
	const target = models.base ?? models[presets[0]!]!;
	log(`session options on ${target.id} q8`);
	result.comparisons.push(...(await compareSessionOptions(target.dir, 'q8', window, runs.tuning)));
	log('VAD streams');
	result.comparisons.push(await compareVad(tenMinutes, runs.vad));
	log(`memory settings on ${target.id} q8, batch ${SERVER_BATCH}`);
	result.comparisons.push(
		...(await compareArena(target.dir, 'q8', window, runs.tuning, SERVER_BATCH)),
		await compareFirstStep(target.dir, 'q8', window, runs.tuning, SERVER_BATCH),
	);
}

if (sections.has('engine')) {
	for (const preset of presets) {
		for (const batch of [1, batchSize]) {
			log(`10 minutes through the engine: ${models[preset]!.id} q8, batch ${batch}`);
			result.engine.push(
				await measureEngine(models[preset]!.id, 'q8', tenMinutes, runs.engine, batch),
			);
		}
	}
}

if (sections.has('memory')) {
	for (const preset of presets) {
		// The server's batch, and the benchmark's where it differs.
		for (const batch of new Set([SERVER_BATCH, batchSize])) {
			for (const minutes of lengths) {
				log(`peak memory: ${models[preset]!.id} q8, ${minutes} min, batch ${batch}`);
				result.memory.push(measureMemory(models[preset]!.id, 'q8', minutes, batch));
			}
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
