/**
 * One transcription in this process, then its peak RSS as a JSON line (see memory.ts):
 *   node --import tsx bench/asr/memory-run.ts <model id> <dtype> <minutes> <batch>
 *
 * The main thread imports only what the server's does for transcription (AsrEngine): importing
 * the other benchmark modules would load transformers.js here too, and under tsx that alone is
 * ~150 MB (docs/benchmarks.md, session 5), which the server's main thread never holds.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { AsrEngine } from '../../src/lib/server/asr/engine';
import { speechLike } from './audio';
import { BENCH_MODELS_DIR, type BenchDtype } from './models';

/** Tokens per window, as the other sections decode (components.ts' TOKENS_PER_WINDOW). */
const TOKENS_PER_WINDOW = 100;

const [model, dtype, minutes, batch] = process.argv.slice(2);

/**
 * This process's RSS now and at its peak, MB. Linux's VmHWM belongs to the address space exec
 * created; getrusage's maxRSS would start from the parent's RSS at fork (a large benchmark
 * process).
 */
function rss(): { now: number; peak: number } {
	try {
		const status = readFileSync('/proc/self/status', 'utf8');
		const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1]);
		return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
	} catch {
		// Not Linux: getrusage's peak, for both.
		const peak = process.resourceUsage().maxRSS / 1024;
		return { now: peak, peak };
	}
}

const audio = speechLike(Number(minutes) * 60);
const baselineRssMb = rss().now;
const engine = new AsrEngine({
	modelsDir: BENCH_MODELS_DIR,
	allowRemote: false,
	device: 'cpu',
	dtype: dtype as BenchDtype,
	logger: pino({ level: 'silent' }),
});
try {
	await engine.start();
	const workerRssMb = rss().now;
	await engine.preload(model!);
	const loadedRssMb = rss().now;
	const started = performance.now();
	// The audio itself is handed over, as the server does: no second copy in this process.
	const result = await engine.transcribe(
		[audio],
		{ model: model!, fixedTokens: TOKENS_PER_WINDOW, batchWindows: Number(batch) },
		{ transfer: true },
	);
	const seconds = (performance.now() - started) / 1000;
	if (!result.segments.length) throw new Error('the engine returned no segments');
	const end = rss();
	console.log(
		JSON.stringify({
			seconds,
			peakRssMb: end.peak,
			baselineRssMb,
			workerRssMb,
			loadedRssMb,
			endRssMb: end.now,
		}),
	);
} finally {
	await engine.dispose();
}
