import type { TranscriptionResult } from '../asr/types';
import { VAD_FRAME } from '../asr/vad';
import type { LiveSegment } from '../../contracts/live';
import { isBleed } from './bleed';
import { FrameHistory } from './frame-history';
import type { LiveScheduler } from './scheduler';
import { LIVE_SAMPLE_RATE, UtteranceSegmenter, type Utterance } from './segmenter';

/** What a pipeline needs per channel: a streaming speech probability (Silero). */
export interface FrameVad {
	process(frame: Float32Array): Promise<number>;
}

export interface PipelineOptions {
	sessionId: string;
	channels: number;
	/** Display names by channel (mic, tab). */
	speakers: string[];
	model: string;
	/** Fixed language, or null to detect it from the first final. */
	language: string | null;
	vads: FrameVad[];
	scheduler: LiveScheduler;
	emit(segment: LiveSegment): void;
	onError(err: unknown): void;
	/** Audio held ahead of a gap in the stream before the gap is given up on, in seconds. */
	maxReorderS?: number;
}

const HISTORY_FRAMES = Math.ceil((35 * LIVE_SAMPLE_RATE) / VAD_FRAME);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One recording session's live transcription: reorders incoming PCM into a contiguous stream,
 * runs VAD on each channel frame by frame (off the ingest path: `accept` only queues), cuts
 * utterances, drops microphone bleed, and sends partials and finals to the shared scheduler.
 */
export class LivePipeline {
	readonly finals: LiveSegment[] = [];
	private readonly segmenters: UtteranceSegmenter[];
	private readonly history: FrameHistory[];
	/** Per channel: samples received and not yet run through VAD. */
	private queue: Float32Array[];
	private queued = 0;
	/** Sample frame the stream continues at, and chunks that arrived ahead of it. */
	private origin: number | undefined;
	private nextFrame = 0;
	private ahead = new Map<number, Float32Array[]>();
	private aheadFrames = 0;
	private vadFrame = 0;
	private draining: Promise<void> | undefined;
	private pendingFinals = 0;
	private idle: (() => void)[] = [];
	private language: string | null;
	private closed = false;

	constructor(private readonly o: PipelineOptions) {
		this.segmenters = Array.from({ length: o.channels }, () => new UtteranceSegmenter());
		this.history = Array.from({ length: o.channels }, () => new FrameHistory(HISTORY_FRAMES));
		this.queue = Array.from({ length: o.channels }, () => new Float32Array(0));
		this.language = o.language;
	}

	/** The language given, or the one the first final was detected in. */
	get detectedLanguage(): string | null {
		return this.language;
	}

	/** Seconds of received audio not yet transcribed (VAD queue plus finals in the engine). */
	get lagSeconds(): number {
		return round(
			this.queued / LIVE_SAMPLE_RATE + this.o.scheduler.backlogSeconds(this.o.sessionId),
		);
	}

	/** Takes a chunk's interleaved PCM; never waits (recording must not). */
	accept(sampleIndex: number, channels: number, pcm: Int16Array): void {
		if (this.closed || channels !== this.o.channels) return;
		this.origin ??= sampleIndex;
		if (this.origin === sampleIndex && this.nextFrame === 0) this.nextFrame = sampleIndex;
		const frames = pcm.length / channels;
		if (sampleIndex + frames <= this.nextFrame) return; // a resend of audio already taken
		const split = deinterleave(pcm, channels);
		if (sampleIndex > this.nextFrame) {
			if (!this.ahead.has(sampleIndex)) {
				this.ahead.set(sampleIndex, split);
				this.aheadFrames += frames;
			}
			// A gap that never fills (a lost chunk) must not stall the transcript forever.
			if (this.aheadFrames > (this.o.maxReorderS ?? 10) * LIVE_SAMPLE_RATE) {
				this.nextFrame = Math.min(...this.ahead.keys());
			}
		} else {
			const skip = this.nextFrame - sampleIndex;
			this.take(split.map((c) => c.subarray(skip)));
		}
		// Chunks that now continue the stream.
		for (let next = this.ahead.get(this.nextFrame); next; next = this.ahead.get(this.nextFrame)) {
			this.ahead.delete(this.nextFrame);
			this.aheadFrames -= next[0]!.length;
			this.take(next);
		}
		for (const [at, c] of this.ahead) {
			if (at + c[0]!.length <= this.nextFrame) {
				this.ahead.delete(at);
				this.aheadFrames -= c[0]!.length;
			}
		}
		this.kick();
	}

	/**
	 * Recording ended: transcribes what is left, ends utterances in progress, and resolves once
	 * every final is out or `timeoutMs` passed. Returns the finals in time order.
	 */
	async finish(timeoutMs: number): Promise<LiveSegment[]> {
		const deadline = new Promise<void>((r) => setTimeout(r, timeoutMs).unref());
		const work = (async () => {
			while (this.draining) await this.draining;
			this.closed = true;
			this.o.scheduler.dropPartials(this.o.sessionId);
			this.segmenters.forEach((s, ch) => {
				const u = s.flush();
				if (u) this.onUtterance(ch, u);
			});
			if (this.pendingFinals) await new Promise<void>((r) => this.idle.push(r));
		})();
		await Promise.race([work, deadline]);
		this.closed = true;
		return this.ordered();
	}

	/** Stops without a transcript (recording cancelled). */
	abort(): void {
		this.closed = true;
		this.o.scheduler.dropPartials(this.o.sessionId);
	}

	ordered(): LiveSegment[] {
		return [...this.finals].sort((a, b) => a.start - b.start || a.channel - b.channel);
	}

	private take(split: Float32Array[]): void {
		const n = split[0]!.length;
		this.queue = this.queue.map((q, ch) => concat(q, split[ch]!));
		this.queued += n;
		this.nextFrame += n;
	}

	private kick(): void {
		this.draining ??= this.drain()
			.catch((err: unknown) => this.o.onError(err))
			.finally(() => {
				this.draining = undefined;
				if (this.queued >= VAD_FRAME && !this.closed) this.kick();
			});
	}

	/** Runs VAD over every whole frame queued, all channels in step. */
	private async drain(): Promise<void> {
		while (this.queued >= VAD_FRAME) {
			const frameStart = this.nextFrame - this.queued;
			const frames = this.queue.map((q) => q.subarray(0, VAD_FRAME));
			const probs: number[] = [];
			for (let ch = 0; ch < frames.length; ch++)
				probs.push(await this.o.vads[ch]!.process(frames[ch]!));
			this.queue = this.queue.map((q) => q.subarray(VAD_FRAME));
			this.queued -= VAD_FRAME;
			frames.forEach((f, ch) => this.history[ch]!.push(f, probs[ch]! >= 0.35));
			this.vadFrame++;
			for (let ch = 0; ch < frames.length; ch++) {
				for (const u of this.segmenters[ch]!.push(frameStart, frames[ch]!, probs[ch]!)) {
					this.onUtterance(ch, u);
				}
			}
		}
	}

	private onUtterance(channel: number, u: Utterance): void {
		const { sessionId, scheduler } = this.o;
		if (u.final && this.o.channels === 2) {
			const from = this.toVadFrame(u.startFrame);
			const to = this.toVadFrame(u.endFrame);
			if (isBleed(this.history[channel]!, this.history[1 - channel]!, from, to)) return;
		}
		const segmentId = `${channel}-${u.index}`;
		const base = {
			session_id: sessionId,
			segment_id: segmentId,
			channel,
			speaker: this.o.speakers[channel] ?? `Channel ${channel + 1}`,
			start: round(u.startFrame / LIVE_SAMPLE_RATE),
			end: round(u.endFrame / LIVE_SAMPLE_RATE),
			final: u.final,
		};
		if (u.final) this.pendingFinals++;
		const accepted = scheduler.submit({
			sessionId,
			key: `${sessionId}/${segmentId}`,
			final: u.final,
			audio: u.audio,
			seconds: u.audio.length / LIVE_SAMPLE_RATE,
			request: { model: this.o.model, language: this.language, disableVad: true },
			done: (result, error) => {
				if (u.final) this.settleFinal();
				if (error) return this.o.onError(error);
				if (!result) return;
				if (u.final && !this.language) this.language = result.language;
				const segment = { ...base, text: textOf(result) };
				if (u.final) {
					this.finals.push(segment);
					this.o.emit(segment);
				} else if (!this.closed) this.o.emit(segment);
			},
		});
		if (!accepted && u.final) {
			this.settleFinal();
			this.o.onError(new Error(`live backlog full: final ${segmentId} of ${sessionId} dropped`));
		}
	}

	private settleFinal(): void {
		this.pendingFinals--;
		if (this.pendingFinals === 0) for (const r of this.idle.splice(0)) r();
	}

	private toVadFrame(sampleFrame: number): number {
		return Math.round((sampleFrame - (this.origin ?? 0)) / VAD_FRAME);
	}
}

function textOf(r: TranscriptionResult): string {
	return r.segments
		.map((s) => s.text.trim())
		.filter(Boolean)
		.join(' ');
}

function deinterleave(pcm: Int16Array, channels: number): Float32Array[] {
	const n = pcm.length / channels;
	const out = Array.from({ length: channels }, () => new Float32Array(n));
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < channels; c++) out[c]![i] = pcm[i * channels + c]! / 32768;
	}
	return out;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
	if (!a.length) return b;
	const out = new Float32Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
