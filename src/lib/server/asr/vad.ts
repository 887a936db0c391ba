/**
 * Silero VAD v5 on onnxruntime-node, with the model file that ships in @ricky0123/vad-web.
 * Model I/O (checked): input float32 [1, 64 + 512] (64 samples of context from the previous frame,
 * as silero's OnnxWrapper does at 16 kHz), state float32 [2, 1, 128], sr int64 scalar →
 * output [1, 1] speech probability, stateN [2, 1, 128].
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { speechRegions, type SpeechRegion, type SpeechRegionOptions } from './vad-regions';

export { speechRegions, type SpeechRegion, type SpeechRegionOptions } from './vad-regions';
export { planWindows, type PlanWindowsOptions } from './vad-windows';

export const VAD_SAMPLE_RATE = 16000;
export const VAD_FRAME = 512;
export const VAD_FRAME_SECONDS = VAD_FRAME / VAD_SAMPLE_RATE;
const CONTEXT = 64;
const STATE_SIZE = 2 * 1 * 128;

export function sileroModelPath(): string {
	const require = createRequire(import.meta.url);
	const pkg = require.resolve('@ricky0123/vad-web/package.json');
	return join(dirname(pkg), 'dist', 'silero_vad_v5.onnx');
}

let shared: Promise<InferenceSession> | null = null;

/** One session for the whole process, created on first use (sessions are safe to share). */
export function getVadSession(): Promise<InferenceSession> {
	shared ??= InferenceSession.create(sileroModelPath(), {
		// The model is tiny: one thread beats the cost of waking a pool for every 32 ms frame.
		intraOpNumThreads: 1,
		interOpNumThreads: 1,
		executionMode: 'sequential',
		graphOptimizationLevel: 'all',
		logSeverityLevel: 3,
	}).catch((error: unknown) => {
		shared = null;
		throw error;
	});
	return shared;
}

export async function disposeVadSession(): Promise<void> {
	const pending = shared;
	shared = null;
	if (pending) await (await pending).release();
}

/** Streaming speech probability for consecutive 512-sample frames of 16 kHz audio. */
export class SileroVad {
	private readonly input = new Float32Array(CONTEXT + VAD_FRAME);
	private readonly inputTensor = new Tensor('float32', this.input, [1, CONTEXT + VAD_FRAME]);
	private readonly sr = new Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []);
	private state: Tensor = new Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
	private busy = false;

	private constructor(private readonly session: InferenceSession) {}

	static async create(): Promise<SileroVad> {
		return new SileroVad(await getVadSession());
	}

	/**
	 * Probability that `frame` (≤ 512 samples; shorter is zero-padded) is speech. Async because
	 * onnxruntime-node's run is; await each call before the next (the state is sequential).
	 */
	async process(frame: Float32Array): Promise<number> {
		if (frame.length > VAD_FRAME) throw new RangeError(`frame longer than ${VAD_FRAME}`);
		if (this.busy) throw new Error('SileroVad.process called again before the last call ended');
		this.busy = true;
		try {
			// Last 64 samples of the previous frame become this frame's context.
			this.input.copyWithin(0, VAD_FRAME, VAD_FRAME + CONTEXT);
			this.input.set(frame, CONTEXT);
			this.input.fill(0, CONTEXT + frame.length);
			const feeds = { input: this.inputTensor, state: this.state, sr: this.sr };
			const { output, stateN } = await this.session.run(feeds);
			if (!output || !stateN) throw new Error('Silero VAD returned no output/stateN');
			this.state = stateN;
			return (output.data as Float32Array)[0] ?? 0;
		} finally {
			this.busy = false;
		}
	}

	reset(): void {
		this.input.fill(0);
		this.state = new Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
	}
}

export interface AnalyzeOptions extends SpeechRegionOptions {
	signal?: AbortSignal;
}

export interface SpeechAnalysis {
	regions: SpeechRegion[];
	/** One probability per 512-sample (32 ms) frame. */
	probs: Float32Array;
}

/** Probabilities for every frame of a 16 kHz mono signal (the last frame zero-padded). */
export async function speechProbabilities(
	samples: Float32Array,
	signal?: AbortSignal,
): Promise<Float32Array> {
	const vad = await SileroVad.create();
	const frames = Math.ceil(samples.length / VAD_FRAME);
	const probs = new Float32Array(frames);
	for (let i = 0; i < frames; i++) {
		if (i % 256 === 0) signal?.throwIfAborted();
		probs[i] = await vad.process(samples.subarray(i * VAD_FRAME, (i + 1) * VAD_FRAME));
	}
	return probs;
}

export async function analyzeSpeech(
	samples16k: Float32Array,
	options: AnalyzeOptions = {},
): Promise<SpeechAnalysis> {
	const probs = await speechProbabilities(samples16k, options.signal);
	const regions = speechRegions(probs, samples16k.length, options, VAD_FRAME, VAD_SAMPLE_RATE);
	return { regions, probs };
}

/** Speech regions in seconds, like silero's get_speech_timestamps. */
export async function detectSpeech(
	samples16k: Float32Array,
	options: AnalyzeOptions = {},
): Promise<SpeechRegion[]> {
	return (await analyzeSpeech(samples16k, options)).regions;
}
