/**
 * Silero VAD v5 on onnxruntime-node, with the model file that ships in @ricky0123/vad-web.
 * Model I/O (checked): input float32 [1, 64 + 512] (64 samples of context from the previous frame,
 * as silero's OnnxWrapper does at 16 kHz), state float32 [2, 1, 128], sr int64 scalar →
 * output [1, 1] speech probability, stateN [2, 1, 128].
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { arrayTrack, type Track } from '../infra/media/audio-source';
import { speechRegions, type SpeechRegion, type SpeechRegionOptions } from './vad-regions';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

export { speechRegions, type SpeechRegion, type SpeechRegionOptions } from './vad-regions';
export { planWindows, type PlanWindowsOptions } from './vad-windows';

export const VAD_SAMPLE_RATE = MODEL_SAMPLE_RATE;
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
	/** Parallel streams for long audio (default VAD_MAX_STREAMS); 1 streams frame by frame. */
	maxStreams?: number;
}

export interface SpeechAnalysis {
	regions: SpeechRegion[];
	/** One probability per 512-sample (32 ms) frame. */
	probs: Float32Array;
}

/** Parallel streams for long audio: one session run per frame costs more than the model. */
export const VAD_MAX_STREAMS = 64;
/** Audio shorter than two streams of this (~10 s each) runs as one stream: exact streaming. */
const MIN_STREAM_FRAMES = 320;
/**
 * Frames (~1 s) each later stream runs before the span it reports, so it does not start cold.
 * Silero's state has a long memory, so probabilities still differ slightly from one long stream
 * (speech boundaries moved ≤ 64 ms over 10 minutes; docs/benchmarks.md).
 */
const WARMUP_FRAMES = 32;

/** Samples per read of a long track (64 frames): few reads, little memory per stream. */
const READ_SAMPLES = 64 * VAD_FRAME;

/**
 * Reads a track forward in blocks, for a reader that moves through it in small steps (each
 * parallel stream has its own), so only a block per stream is in memory.
 */
class TrackCursor {
	private start = 0;
	private block: Float32Array = new Float32Array(0);

	constructor(private readonly track: Track) {}

	/** Samples [from, to) (clipped to the track), from ≥ the last call's `from`. */
	read(from: number, to: number): Float32Array {
		const a = Math.max(0, from);
		const b = Math.min(this.track.length, to);
		if (a < this.start || b > this.start + this.block.length) {
			this.start = a;
			this.block = this.track.read(a, Math.max(b, a + READ_SAMPLES));
		}
		return this.block.subarray(a - this.start, b - this.start);
	}
}

const toTrack = (audio: Float32Array | Track): Track =>
	audio instanceof Float32Array ? arrayTrack(audio) : audio;

/**
 * Probabilities for every frame of a 16 kHz mono signal (the last frame zero-padded). Long audio
 * is cut into up to `maxStreams` spans run side by side as one batch (Silero's state is per batch
 * row), which needs a few hundred session runs instead of one per 32 ms frame. A `Track` is read
 * a block at a time, so a long file never sits whole in memory.
 */
export async function speechProbabilities(
	audio: Float32Array | Track,
	signal?: AbortSignal,
	maxStreams = VAD_MAX_STREAMS,
): Promise<Float32Array> {
	const track = toTrack(audio);
	const frames = Math.ceil(track.length / VAD_FRAME);
	const streams = Math.max(1, Math.min(maxStreams, Math.floor(frames / MIN_STREAM_FRAMES)));
	if (streams > 1) return parallelProbabilities(track, frames, streams, signal);
	const vad = await SileroVad.create();
	const cursor = new TrackCursor(track);
	const probs = new Float32Array(frames);
	for (let i = 0; i < frames; i++) {
		if (i % 256 === 0) signal?.throwIfAborted();
		probs[i] = await vad.process(cursor.read(i * VAD_FRAME, (i + 1) * VAD_FRAME));
	}
	return probs;
}

async function parallelProbabilities(
	track: Track,
	frames: number,
	streams: number,
	signal?: AbortSignal,
): Promise<Float32Array> {
	const session = await getVadSession();
	const row = CONTEXT + VAD_FRAME;
	const span = Math.ceil(frames / streams);
	// Stream s reports frames [s·span, (s+1)·span) and starts up to WARMUP_FRAMES before them.
	const first = (s: number) => s * span - Math.min(WARMUP_FRAMES, s * span);
	const cursors = Array.from({ length: streams }, () => new TrackCursor(track));
	const input = new Float32Array(streams * row);
	const feeds = {
		input: new Tensor('float32', input, [streams, row]),
		state: new Tensor('float32', new Float32Array(2 * streams * 128), [2, streams, 128]),
		sr: new Tensor('int64', BigInt64Array.of(BigInt(VAD_SAMPLE_RATE)), []),
	};
	const probs = new Float32Array(frames);
	for (let step = 0; step < span + WARMUP_FRAMES; step++) {
		if (step % 32 === 0) signal?.throwIfAborted();
		for (let s = 0; s < streams; s++) {
			const f = first(s) + step;
			const at = s * row;
			// Finished streams idle on silence; their output is not read.
			if (f >= Math.min(frames, (s + 1) * span)) {
				input.fill(0, at, at + row);
				continue;
			}
			// The 64 samples before the frame are its context (zeros before the start).
			const from = f * VAD_FRAME - CONTEXT;
			const chunk = cursors[s]!.read(from, (f + 1) * VAD_FRAME);
			const lead = Math.max(0, -from);
			input.fill(0, at, at + lead);
			input.set(chunk, at + lead);
			input.fill(0, at + lead + chunk.length, at + row);
		}
		const { output, stateN } = await session.run(feeds);
		if (!output || !stateN) throw new Error('Silero VAD returned no output/stateN');
		feeds.state = stateN as typeof feeds.state;
		const out = output.data as Float32Array;
		for (let s = 0; s < streams; s++) {
			const f = first(s) + step;
			if (f >= s * span && f < Math.min(frames, (s + 1) * span)) probs[f] = out[s]!;
		}
	}
	return probs;
}

export async function analyzeSpeech(
	samples16k: Float32Array | Track,
	options: AnalyzeOptions = {},
): Promise<SpeechAnalysis> {
	const probs = await speechProbabilities(samples16k, options.signal, options.maxStreams);
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
