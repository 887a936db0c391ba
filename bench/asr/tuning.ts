import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { whisperSessionOptions } from '../../src/lib/server/asr/session-options';
import { analyzeSpeech, VAD_MAX_STREAMS } from '../../src/lib/server/asr/vad';
import type { WhisperModel } from '../../src/lib/server/asr/whisper-model';
import { loadModel, TOKENS_PER_WINDOW, windowOptions } from './components';
import type { BenchDtype } from './models';
import { median, timed } from './stats';

export interface Comparison {
	change: string;
	what: string;
	baselineMs: number;
	changedMs: number;
	/** baseline / changed: above 1 is faster. */
	speedup: number;
	runs: number;
	note?: string;
}

const NO_SPIN = { extra: { session: { intra_op: { allow_spinning: '0' } } } };

/**
 * Our onnxruntime session settings against onnxruntime's defaults, one whole window each
 * (features, encoder, 100 tokens), interleaved round by round so machine noise hits both alike.
 */
export async function compareSessionOptions(
	dir: string,
	dtype: BenchDtype,
	window: Float32Array,
	rounds: number,
): Promise<Comparison[]> {
	const cores = availableParallelism();
	const variants: [string, InferenceSession.SessionOptions][] = [
		['onnxruntime defaults', {}],
		[`intra-op threads = ${cores}`, { intraOpNumThreads: cores }],
		['no spinning', NO_SPIN],
		['both (session-options.ts)', whisperSessionOptions()],
	];
	const models: WhisperModel[] = [];
	for (const [, options] of variants) models.push(await loadModel(dir, dtype, options));
	const times: number[][] = variants.map(() => []);
	const run = (m: WhisperModel) => async () =>
		m.transcribeWindow(await m.encode(window), windowOptions(TOKENS_PER_WINDOW));
	for (const m of models) await run(m)();
	for (let r = 0; r < rounds; r++) {
		for (let i = 0; i < models.length; i++) times[i]!.push(await timed(run(models[i]!)));
	}
	for (const m of models) await m.dispose();
	const baseline = median(times[0]!);
	return variants.slice(1).map(([change], i) => {
		const changed = median(times[i + 1]!);
		return {
			change,
			what: `one 30 s window (features + encoder + ${TOKENS_PER_WINDOW} tokens), ${dtype}`,
			baselineMs: baseline,
			changedMs: changed,
			speedup: baseline / changed,
			runs: rounds,
		};
	});
}

/** VAD over the whole recording: one frame per session run against batched streams. */
export async function compareVad(audio: Float32Array, rounds: number): Promise<Comparison> {
	const one: number[] = [];
	const many: number[] = [];
	let sequential: Awaited<ReturnType<typeof analyzeSpeech>> | undefined;
	let parallel: typeof sequential;
	for (let r = 0; r < rounds; r++) {
		one.push(await timed(async () => (sequential = await analyzeSpeech(audio, { maxStreams: 1 }))));
		many.push(await timed(async () => (parallel = await analyzeSpeech(audio))));
	}
	const a = sequential!.regions;
	const b = parallel!.regions;
	let shift = 0;
	for (let i = 0; i < Math.min(a.length, b.length); i++) {
		shift = Math.max(shift, Math.abs(a[i]!.start - b[i]!.start), Math.abs(a[i]!.end - b[i]!.end));
	}
	const baselineMs = median(one);
	const changedMs = median(many);
	return {
		change: `VAD in up to ${VAD_MAX_STREAMS} parallel streams`,
		what: `Silero VAD over ${Math.round(audio.length / 16000 / 60)} min of audio`,
		baselineMs,
		changedMs,
		speedup: baselineMs / changedMs,
		runs: rounds,
		note: `speech regions: ${a.length} vs ${b.length}, boundaries moved ≤ ${Math.round(shift * 1000)} ms`,
	};
}
