/**
 * `npm run bench:diarize [-- --minutes 10] [--step 2.5] [--components-only]`
 *
 * Real-time factor of voice diarization with models of the real sizes and random weights
 * (pyannote segmentation-3.0 5.98 MB, WeSpeaker ResNet34 26.5 MB; generated into bench/.models on
 * first use by scripts/diarize-gen --real-size): per-component costs (segmentation per 10 s window
 * in a batch of 8, fbank per window, one embedding of a 2 s / 5 s clip, clustering), and the whole
 * pipeline over N minutes of espeak-ng speech. Random weights make the segmentation mark speech
 * almost everywhere, so the whole-pipeline figure is a worst case for the embedding work (three
 * local speakers in every window); the component table gives the typical case. Writes
 * bench/results/diarize.{json,md}.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import {
	diarize,
	findDiarizationModels,
	loadDiarizationModels,
} from '../src/lib/server/diarization';
import { clusterEmbeddings } from '../src/lib/server/diarization/cluster';
import { fbank } from '../src/lib/server/diarization/fbank';
import { conversation, LINES } from '../test/unit/diarization/voices';

const { values } = parseArgs({
	options: {
		minutes: { type: 'string', default: '10' },
		step: { type: 'string', default: '2.5' },
		'components-only': { type: 'boolean', default: false },
	},
});
const minutes = Number(values.minutes);
const step = Number(values.step);
const root = path.resolve('bench/.models/diarize');
if (!findDiarizationModels(root)) {
	execFileSync('npx', ['tsx', 'scripts/diarize-gen/cli.ts', '--real-size', '--out', root], {
		stdio: 'inherit',
	});
}
const models = await loadDiarizationModels(findDiarizationModels(root)!, {
	intraOpNumThreads: availableParallelism(),
	extra: { session: { intra_op: { allow_spinning: '0' } } },
});

async function median(runs: number, fn: () => unknown): Promise<number> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		times.push(performance.now() - t);
	}
	return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const noise = (n: number) => Float32Array.from({ length: n }, () => (Math.random() - 0.5) * 0.1);
const batch = new ort.Tensor('float32', noise(8 * 160_000), [8, 1, 160_000]);
const clip = (frames: number) => new ort.Tensor('float32', noise(frames * 80), [1, frames, 80]);
const window = noise(160_000);
const vectors = Array.from({ length: 480 }, () => noise(256));
const components = {
	segmentation_per_window_ms:
		(await median(3, () => models.segmentation.run({ input_values: batch }))) / 8,
	fbank_per_window_ms: await median(5, () => fbank(window)),
	embedding_2s_ms: await median(5, () => models.embedding.run({ input_features: clip(200) })),
	embedding_5s_ms: await median(3, () => models.embedding.run({ input_features: clip(500) })),
	clustering_480_ms: await median(3, () => clusterEmbeddings(vectors, 0.7)),
};
const windows = Math.ceil((minutes * 60 - 10) / step) + 1;
// Typical meeting: about two local speakers per window, about 4 s of speech each.
const typical =
	(windows *
		(components.segmentation_per_window_ms +
			components.fbank_per_window_ms +
			(2 * (components.embedding_2s_ms + components.embedding_5s_ms)) / 2) +
		components.clustering_480_ms) /
	1000;

let whole: { seconds: number; rtf: number; speakers: number } | null = null;
if (!values['components-only']) {
	const { samples: talk } = conversation(LINES);
	const audio = new Float32Array(Math.round(minutes * 60 * 16_000));
	for (let at = 0; at < audio.length; at += talk.length)
		audio.set(talk.subarray(0, audio.length - at), at);
	const t = performance.now();
	const result = await diarize(models, audio, { step });
	const seconds = (performance.now() - t) / 1000;
	whole = { seconds, rtf: seconds / (minutes * 60), speakers: result.speakers };
}
await models.release();

const report = {
	date: new Date().toISOString(),
	machine: { cpus: cpus().length, threads: availableParallelism(), model: cpus()[0]?.model },
	minutes,
	step_seconds: step,
	windows,
	components,
	typical_estimate: { seconds: typical, rtf: typical / (minutes * 60) },
	whole_pipeline_worst_case: whole,
};
const out = path.resolve('bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'diarize.json'), `${JSON.stringify(report, null, 2)}\n`);
const md = [
	`# bench:diarize — ${report.date}`,
	'',
	`${minutes} min of audio, 10 s windows every ${step} s (${windows} windows), ${report.machine.threads} threads (${report.machine.model ?? 'cpu'}).`,
	'',
	'| component | ms |',
	'| --- | --- |',
	...Object.entries(components).map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`),
	'',
	`Typical (2 local speakers × ~3.5 s per window): ${typical.toFixed(1)} s, RTF ${(typical / (minutes * 60)).toFixed(3)}.`,
	whole
		? `Whole pipeline, random weights (3 local speakers in every window, worst case): ${whole.seconds.toFixed(1)} s, RTF ${whole.rtf.toFixed(3)}.`
		: '',
	'',
].join('\n');
writeFileSync(path.join(out, 'diarize.md'), md);
console.log(md);
if (!existsSync(path.join(out, 'diarize.json'))) process.exit(1);
