import type { GreedyDecoder } from '../../src/lib/server/asr/greedy-decoder';
import { whisperSessionOptions } from '../../src/lib/server/asr/session-options';
import type { WhisperModel } from '../../src/lib/server/asr/whisper-model';
import { loadModel, TOKENS_PER_WINDOW, windowOptions } from './components';
import type { BenchDtype } from './models';
import { median, timed } from './stats';
import type { Comparison } from './tuning';

/**
 * The speed side of the memory changes (their memory side is `memory-run.ts`), each against
 * its baseline in the same process, interleaved round by round so machine noise hits both alike.
 */

const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

function comparison(
	change: string,
	what: string,
	baseline: number[],
	changed: number[],
): Comparison {
	const baselineMs = median(baseline);
	const changedMs = median(changed);
	return {
		change,
		what,
		baselineMs,
		changedMs,
		speedup: baselineMs / changedMs,
		runs: baseline.length,
		note: `ranges ${range(baseline)} against ${range(changed)} ms`,
	};
}

/**
 * onnxruntime's CPU memory arena on (its default) against off: a whole window at a time (the
 * encoder's large activations) and a batch of `batch` windows decoded together (caches that
 * grow every step). The baseline is session-options.ts with the arena forced on.
 */
export async function compareArena(
	dir: string,
	dtype: BenchDtype,
	window: Float32Array,
	rounds: number,
	batch: number,
): Promise<Comparison[]> {
	const ours = whisperSessionOptions();
	const models = [
		await loadModel(dir, dtype, { ...ours, enableCpuMemArena: true }),
		await loadModel(dir, dtype, { ...ours, enableCpuMemArena: false }),
	];
	const opts = windowOptions(TOKENS_PER_WINDOW);
	const whole = (m: WhisperModel) => async () => m.transcribeWindow(await m.encode(window), opts);
	const batched = async (m: WhisperModel) => {
		const encoded = await m.encode(window);
		return () =>
			m.transcribeWindows(
				Array.from({ length: batch }, () => encoded),
				opts,
			);
	};
	const batches = [await batched(models[0]!), await batched(models[1]!)];
	const times = { whole: [[], []] as number[][], batch: [[], []] as number[][] };
	for (let i = 0; i < 2; i++) {
		await whole(models[i]!)();
		await batches[i]!();
	}
	for (let r = 0; r < rounds; r++) {
		for (let i = 0; i < 2; i++) {
			times.whole[i]!.push(await timed(whole(models[i]!)));
			times.batch[i]!.push(await timed(batches[i]!));
		}
	}
	for (const m of models) await m.dispose();
	return [
		comparison(
			'onnxruntime CPU arena off',
			`one 30 s window (features + encoder + ${TOKENS_PER_WINDOW} tokens), ${dtype}`,
			times.whole[0]!,
			times.whole[1]!,
		),
		comparison(
			'onnxruntime CPU arena off',
			`${batch} windows decoded as one batch (${TOKENS_PER_WINDOW} tokens each), ${dtype}`,
			times.batch[0]!,
			times.batch[1]!,
		),
	];
}

/**
 * A batch's first decoder step window by window (greedy-decoder.ts' `firstStep`) against the
 * whole batch in one run, as before: `batch` windows × 100 tokens.
 */
export async function compareFirstStep(
	dir: string,
	dtype: BenchDtype,
	window: Float32Array,
	rounds: number,
	batch: number,
): Promise<Comparison> {
	const model = await loadModel(dir, dtype);
	// The benchmark reaches into the model for its decoder, to switch one setting.
	const decoder = (model as unknown as { decoder: GreedyDecoder | null }).decoder;
	if (!decoder) throw new Error('the greedy decoder does not apply to this model');
	const encoded = await model.encode(window);
	const opts = windowOptions(TOKENS_PER_WINDOW);
	const run = (rows: number) => async () => {
		decoder.firstStepRows = rows;
		await model.transcribeWindows(
			Array.from({ length: batch }, () => encoded),
			opts,
		);
	};
	const before: number[] = [];
	const after: number[] = [];
	await run(batch)();
	await run(1)();
	for (let r = 0; r < rounds; r++) {
		before.push(await timed(run(batch)));
		after.push(await timed(run(1)));
	}
	await model.dispose();
	return comparison(
		'first decoder step window by window',
		`${batch} windows decoded as one batch (${TOKENS_PER_WINDOW} tokens each), ${dtype}`,
		before,
		after,
	);
}
