import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { AsrEngine } from '../../src/lib/server/asr/engine';
import { planTracks } from '../../src/lib/server/asr/plan';
import { TOKENS_PER_WINDOW } from './components';
import { BENCH_MODELS_DIR, type BenchDtype } from './models';
import { load, median } from './stats';

export interface EngineRun {
	model: string;
	dtype: BenchDtype;
	/** Windows per greedy batch. */
	batch: number;
	audioSeconds: number;
	windows: number;
	runs: number;
	seconds: number[];
	medianSeconds: number;
	rtf: number;
	/** Main-thread event-loop delay during the transcription, ms. */
	eventLoopP99Ms: number;
	eventLoopMaxMs: number;
	load: [number, number, number];
}

/**
 * The whole engine as the server uses it: AsrEngine's worker thread, VAD, windows, language
 * detection, a fixed 100 tokens per window; the main thread only watches its event loop.
 */
export async function measureEngine(
	model: string,
	dtype: BenchDtype,
	audio: Float32Array,
	runs: number,
	batch: number,
	handOver = false,
): Promise<EngineRun> {
	if (handOver && runs !== 1) throw new Error('the audio can be handed over for one run only');
	const engine = new AsrEngine({
		modelsDir: BENCH_MODELS_DIR,
		allowRemote: false,
		device: 'cpu',
		dtype,
		logger: pino({ level: 'silent' }),
	});
	try {
		await engine.start();
		await engine.preload(model);
		const seconds: number[] = [];
		const p99: number[] = [];
		const max: number[] = [];
		const windows = (await planTracks([audio], false, {})).length;
		const audioSeconds = audio.length / 16000;
		for (let r = 0; r < runs; r++) {
			// `handOver` transfers the caller's audio itself (as the server does; it is detached
			// afterwards): no second copy in memory. Otherwise each run transfers a copy.
			const copy = handOver ? audio : audio.slice();
			const delay = monitorEventLoopDelay({ resolution: 10 });
			delay.enable();
			const started = performance.now();
			const result = await engine.transcribe(
				[copy],
				{ model, fixedTokens: TOKENS_PER_WINDOW, batchWindows: batch },
				{ transfer: true },
			);
			seconds.push((performance.now() - started) / 1000);
			delay.disable();
			p99.push(delay.percentile(99) / 1e6);
			max.push(delay.max / 1e6);
			if (!result.segments.length) throw new Error('the engine returned no segments');
		}
		const medianSeconds = median(seconds);
		return {
			model,
			dtype,
			batch,
			audioSeconds,
			windows,
			runs,
			seconds,
			medianSeconds,
			rtf: medianSeconds / audioSeconds,
			eventLoopP99Ms: median(p99),
			eventLoopMaxMs: Math.max(...max),
			load: load(),
		};
	} finally {
		await engine.dispose();
	}
}
