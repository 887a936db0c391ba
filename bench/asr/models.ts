import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inspectModelDir } from '../../src/lib/server/asr/registry';
import { DEFAULT_SEED, PRESETS } from '../../scripts/whisper-gen/presets';
import { isCurrentModel, writeWhisperModel } from '../../scripts/whisper-gen/write-model';

export const BENCH_MODELS_DIR = path.resolve(import.meta.dirname, '..', '.models');
export const BENCH_PRESETS = [
	'tiny',
	'base',
	'small',
	'medium',
	'large-v3',
	'large-v3-turbo',
] as const;
export type BenchPreset = (typeof BENCH_PRESETS)[number];
/** What the model registry calls each preset's architecture. */
const SIZE: Record<BenchPreset, string> = {
	tiny: 'tiny',
	base: 'base',
	small: 'small',
	medium: 'medium',
	'large-v3': 'large',
	'large-v3-turbo': 'large-turbo',
};
export type BenchDtype = 'fp32' | 'q8';

/**
 * The random-weight model of a preset's real dimensions, generated once into bench/.models
 * (gitignored) and reused while complete. Written beside and renamed, so an interrupted run
 * never leaves a folder that looks complete.
 */
export function ensureModel(
	preset: BenchPreset,
	dtypes: BenchDtype[],
): { id: string; dir: string } {
	const id = `whisper-${preset}`;
	const dir = path.join(BENCH_MODELS_DIR, id);
	const found = inspectModelDir(BENCH_MODELS_DIR, id);
	const current = found?.size === SIZE[preset] && isCurrentModel(dir);
	if (current && dtypes.every((d) => found.dtypes.includes(d))) return { id, dir };
	const tmp = `${dir}.partial-${process.pid}`;
	console.log(`generating ${id} (${dtypes.join(', ')}) into ${BENCH_MODELS_DIR} …`);
	writeWhisperModel(PRESETS[preset], tmp, dtypes, DEFAULT_SEED);
	if (existsSync(dir)) rmSync(dir, { recursive: true });
	renameSync(tmp, dir);
	return { id, dir };
}
