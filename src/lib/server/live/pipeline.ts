import type { EncoderContext, TranscriptionResult } from '../asr';
import { VAD_FRAME } from '../asr';
import type { LiveSegment } from '../../contracts/live';
import { isBleed } from './bleed';
import { FrameHistory } from './frame-history';
import type { LiveScheduler } from './scheduler';
import { SampleQueue } from './sample-queue';
import type { LiveVoices } from './voices';
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
	/** What the encoder sees of an utterance (LIVE_ENCODER_CONTEXT); the audio present by default. */
	encoderContext?: EncoderContext;
	vads: FrameVad[];
	scheduler: LiveScheduler;
	emit(segment: LiveSegment): void;
	onError(err: unknown): void;
	/** Audio held ahead of a gap in the stream before the gap is given up on, in seconds. */
	maxReorderS?: number;
	/**
	 * Audio waiting for VAD, per channel, beyond which the pipeline catches up: the waiting audio
	 * is skipped (it is on disk: the transcript of the recorded file covers it), so memory stays
	 * bounded however fast audio arrives. Seconds; LIVE_MAX_QUEUE_S.
	 */
	maxQueuedS?: number;
	/** Audio was skipped to catch up (seconds skipped in all, so far). */
	onCatchUp?(skippedSeconds: number): void;
	/** Provisional speaker labels by voice, when speaker detection is on and the models are here. */
	voices?: LiveVoices;
}

const HISTORY_FRAMES = Math.ceil((35 * LIVE_SAMPLE_RATE) / VAD_FRAME);

type Outcome = (result: TranscriptionResult | undefined, error?: unknown) => void;

/** A speculative partial (cut at the start of a pause) and what became of it. */
interface Speculation {
	utterance: Utterance;
	settled: boolean;
	result?: TranscriptionResult;
	error?: unknown;
	/** Set when the pause ended the utterance: the final waiting for this result. */
	final?: Outcome;
}
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
	private readonly queue: SampleQueue[];
	private queued = 0;
	/** Seconds of audio skipped to catch up; the recorded file's transcript covers them. */
	skippedSeconds = 0;
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
	/** Per channel: the latest speculative partial. */
	private speculation = new Map<number, Speculation>();

	constructor(private readonly o: PipelineOptions) {
		this.segmenters = Array.from({ length: o.channels }, () => new UtteranceSegmenter());
		this.history = Array.from({ length: o.channels }, () => new FrameHistory(HISTORY_FRAMES));
		this.queue = Array.from({ length: o.channels }, () => new SampleQueue());
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
			await this.o.voices?.settled();
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
		if (this.queued + n > (this.o.maxQueuedS ?? 30) * LIVE_SAMPLE_RATE) this.catchUp(n);
		else {
			this.queue.forEach((q, ch) => q.push(split[ch]!));
			this.queued += n;
		}
		this.nextFrame += n;
	}

	/**
	 * The engine cannot keep up: the waiting audio and this chunk are skipped rather than held.
	 * Utterances in progress end where the skipped audio begins; the stream goes on after it.
	 */
	private catchUp(incoming: number): void {
		this.skippedSeconds += (this.queued + incoming) / LIVE_SAMPLE_RATE;
		this.queue.forEach((q) => q.clear());
		this.queued = 0;
		this.segmenters.forEach((seg, ch) => {
			const u = seg.flush();
			if (u) this.onUtterance(ch, u);
		});
		this.o.onCatchUp?.(round(this.skippedSeconds));
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
			const frames = this.queue.map((q) => q.take(VAD_FRAME));
			this.queued -= VAD_FRAME;
			const probs: number[] = [];
			for (let ch = 0; ch < frames.length; ch++)
				probs.push(await this.o.vads[ch]!.process(frames[ch]!));
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
		if ((u.final || u.speculative) && this.o.channels === 2) {
			const from = this.toVadFrame(u.startFrame);
			const to = this.toVadFrame(u.endFrame);
			if (isBleed(this.history[channel]!, this.history[1 - channel]!, from, to)) return;
		}
		const segmentId = `${channel}-${u.index}`;
		const key = `${sessionId}/${segmentId}`;
		const segment = (text: string): LiveSegment => ({
			session_id: sessionId,
			segment_id: segmentId,
			channel,
			speaker: this.o.speakers[channel] ?? `Channel ${channel + 1}`,
			start: round(u.startFrame / LIVE_SAMPLE_RATE),
			end: round(u.endFrame / LIVE_SAMPLE_RATE),
			text,
			final: u.final,
		});
		const partial: Outcome = (result, error) => {
			if (error) this.o.onError(error);
			else if (result && !this.closed) this.o.emit(segment(textOf(result)));
		};
		const final: Outcome = (result, error) => {
			this.settleFinal();
			if (error) return this.o.onError(error);
			if (!result) return;
			if (!this.language) this.language = result.language;
			const s = segment(textOf(result));
			this.o.voices?.name(s);
			this.finals.push(s);
			this.o.emit(s);
		};
		let done = u.final ? final : partial;

		if (u.final) {
			this.pendingFinals++;
			this.o.voices?.listen(segmentId, channel, u.audio);
			// The pause ended the utterance right where a speculative partial was cut: its
			// transcription is this final's, done or on the way.
			const spec = this.speculation.get(channel);
			if (spec && sameAudio(spec.utterance, u)) {
				this.speculation.delete(channel);
				if (spec.settled && (spec.result || spec.error)) return final(spec.result, spec.error);
				if (!spec.settled && scheduler.promote(key)) {
					spec.final = final;
					return;
				}
			}
		} else if (u.speculative) {
			const spec: Speculation = { utterance: u, settled: false };
			this.speculation.set(channel, spec);
			done = (result, error) => {
				spec.settled = true;
				spec.result = result;
				spec.error = error;
				(spec.final ?? partial)(result, error);
			};
		}
		const accepted = scheduler.submit({
			sessionId,
			key,
			final: u.final,
			...(u.speculative ? { speculative: true } : {}),
			audio: u.audio,
			seconds: u.audio.length / LIVE_SAMPLE_RATE,
			request: {
				model: this.o.model,
				language: this.language,
				disableVad: true,
				encoderContext: this.o.encoderContext ?? 'audio',
			},
			done,
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

function sameAudio(a: Utterance, b: Utterance): boolean {
	return a.index === b.index && a.startFrame === b.startFrame && a.endFrame === b.endFrame;
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
