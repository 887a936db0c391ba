/**
 * `npm run bench:diarize [-- --minutes 10] [--step 2.5] [--runs 3] [--baseline] [--components-only]`
 *
 * Real-time factor of voice diarization with models of the real sizes and random weights
 * (pyannote segmentation-3.0 5.98 MB, WeSpeaker ResNet34 26.5 MB; generated into bench/.models on
 * first use by scripts/diarize-gen --real-size): per-component costs (segmentation per 10 s window
 * in a batch of 8, fbank per window, one embedding of a 2 s / 5 s clip, clustering), and the whole
 * pipeline over N minutes of espeak-ng speech (median of --runs; with --baseline also once as it
 * was before the speed work, every window embedded, in the same process for a fair ratio), with
 * the time inside each model. Random weights make the segmentation mark speech almost
 * everywhere, so the whole-pipeline figure is a worst case for the embedding work (three local
 * speakers in every window). Writes bench/results/diarize.{json,md}.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import type { DiarizeOptions } from '../src/lib/server/diarization';
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
		runs: { type: 'string', default: '3' },
		/** Also time the pipeline as it was before (every window embedded), once. */
		baseline: { type: 'boolean', default: false },
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

/** Wall time spent in each session's run() during a pipeline run, and how many calls. */
const spent = { segmentation: 0, embedding: 0, embeddings: 0, embeddingFrames: 0 };
function timed(session: ort.InferenceSession, key: 'segmentation' | 'embedding') {
	return new Proxy(session, {
		get(target, prop, receiver) {
			if (prop !== 'run') return Reflect.get(target, prop, receiver) as unknown;
			return async (feeds: Record<string, ort.Tensor>) => {
				const t = performance.now();
				const out = await target.run(feeds);
				spent[key] += performance.now() - t;
				if (key === 'embedding') {
					spent.embeddings++;
					spent.embeddingFrames += feeds.input_features!.dims[1]!;
				}
				return out;
			};
		},
	});
}
const instrumented = {
	...models,
	segmentation: timed(models.segmentation, 'segmentation'),
	embedding: timed(models.embedding, 'embedding'),
};

interface Run {
	seconds: number;
	rtf: number;
	speakers: number;
	segmentation_s: number;
	embedding_s: number;
	embeddings: number;
	embedded_seconds: number;
}
const runs: Record<string, Run[]> = {};
if (!values['components-only']) {
	const { samples: talk } = conversation(LINES);
	const audio = new Float32Array(Math.round(minutes * 60 * 16_000));
	for (let at = 0; at < audio.length; at += talk.length)
		audio.set(talk.subarray(0, audio.length - at), at);
	// The baseline is the pipeline before issue 18's speed work: every window embedded.
	const configs: Record<string, DiarizeOptions> = {
		current: { step },
		...(values.baseline
			? { every_window_embedded: { step, embedStep: step, denseSeconds: 0 } }
			: {}),
	};
	// Alternating, so that load from other processes on the shared cores hits both alike.
	for (let r = 0; r < Number(values.runs); r++) {
		for (const [name, options] of Object.entries(configs)) {
			if (name !== 'current' && r > 0) continue;
			Object.assign(spent, { segmentation: 0, embedding: 0, embeddings: 0, embeddingFrames: 0 });
			const t = performance.now();
			const result = await diarize(instrumented, audio, options);
			const seconds = (performance.now() - t) / 1000;
			(runs[name] ??= []).push({
				seconds,
				rtf: seconds / (minutes * 60),
				speakers: result.speakers,
				segmentation_s: spent.segmentation / 1000,
				embedding_s: spent.embedding / 1000,
				embeddings: spent.embeddings,
				embedded_seconds: spent.embeddingFrames / 100,
			});
			console.log(name, JSON.stringify(runs[name].at(-1)));
		}
	}
}
const medianOf = (list: Run[]) => {
	const sorted = [...list].sort((a, b) => a.seconds - b.seconds);
	return sorted[Math.floor(sorted.length / 2)]!;
};
const whole = Object.fromEntries(
	Object.entries(runs).map(([name, list]) => [name, { median: medianOf(list), runs: list }]),
);
await models.release();

const report = {
	date: new Date().toISOString(),
	machine: { cpus: cpus().length, threads: availableParallelism(), model: cpus()[0]?.model },
	minutes,
	step_seconds: step,
	windows,
	components,
	whole_pipeline_worst_case: whole,
};
const out = path.resolve('bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'diarize.json'), `${JSON.stringify(report, null, 2)}\n`);
const row = (name: string, r: Run) =>
	`| ${name} | ${r.seconds.toFixed(1)} | ${r.rtf.toFixed(3)} | ${r.segmentation_s.toFixed(1)} | ${r.embedding_s.toFixed(1)} | ${r.embeddings} | ${r.embedded_seconds.toFixed(0)} |`;
const current = whole.current?.median;
const base = whole.every_window_embedded?.median;
const md = [
	`# bench:diarize — ${report.date}`,
	'',
	`${minutes} min of audio, 10 s windows every ${step} s (${windows} windows), ${report.machine.threads} threads (${report.machine.model ?? 'cpu'}).`,
	'',
	'| component | ms |',
	'| --- | --- |',
	...Object.entries(components).map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`),
	'',
	'Whole pipeline, random weights at real sizes (3 local speakers in every window: the worst case for embeddings), medians:',
	'',
	'| pipeline | s | RTF | segmentation s | embedding s | embeddings | embedded audio s |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...Object.entries(whole).map(([name, w]) =>
		row(`${name} (${w.runs.length} run${w.runs.length > 1 ? 's' : ''})`, w.median),
	),
	'',
	current && base
		? `Current / every window embedded: ${(current.seconds / base.seconds).toFixed(2)}.`
		: '',
	'',
].join('\n');
writeFileSync(path.join(out, 'diarize.md'), md);
console.log(md);
if (!existsSync(path.join(out, 'diarize.json'))) process.exit(1);
