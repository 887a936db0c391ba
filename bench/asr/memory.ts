import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { BenchDtype } from './models';

/** Peak resident memory of one whole transcription, in a process of its own. */
export interface MemoryRun {
	model: string;
	dtype: BenchDtype;
	minutes: number;
	batch: number;
	seconds: number;
	/** The process's peak RSS (main thread, engine worker, onnxruntime), MB. */
	peakRssMb: number;
	/** RSS before the engine started: node, tsx, the engine's modules and the audio, MB. */
	baselineRssMb: number;
	/** RSS once the engine's worker runs (its isolate, tsx, transformers.js), MB. */
	workerRssMb: number;
	/** RSS once the model is loaded (onnxruntime's sessions), MB. */
	loadedRssMb: number;
	/** RSS after the transcription, MB: what stays between jobs. */
	endRssMb: number;
}

/** The server's windows per batch (transcribe.ts' DEFAULT_BATCH, WHISPER_BATCH unset). */
export const SERVER_BATCH = 4;

const RUNNER = path.join(import.meta.dirname, 'memory-run.ts');

/**
 * Peak RSS only grows within a process, so each model and length runs in a fresh one
 * (`memory-run.ts`): node + tsx + transformers.js, the engine worker, the audio, the model.
 */
export function measureMemory(
	model: string,
	dtype: BenchDtype,
	minutes: number,
	batch: number,
): MemoryRun {
	const out = execFileSync(
		process.execPath,
		['--import', 'tsx', RUNNER, model, dtype, String(minutes), String(batch)],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
	);
	const last = out.trim().split('\n').at(-1)!;
	return {
		model,
		dtype,
		minutes,
		batch,
		...(JSON.parse(last) as Omit<MemoryRun, 'model' | 'dtype' | 'minutes' | 'batch'>),
	};
}
