import { VAD_FRAME } from '../asr';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

export const LIVE_SAMPLE_RATE = MODEL_SAMPLE_RATE;

export interface SegmenterOptions {
	/** Speech probability that opens an utterance. */
	startThreshold: number;
	/** Below this, a frame counts as silence (hysteresis against flicker). */
	endThreshold: number;
	/** Silence that ends an utterance, in seconds. */
	minSilenceS: number;
	/** Utterances shorter than this are noise and never reach the engine. */
	minSpeechS: number;
	/** An utterance is cut (and its final emitted) once it reaches this length. */
	maxUtteranceS: number;
	/** Audio kept before the first speech frame and after the last one. */
	padS: number;
	/** New audio in the utterance between two partial hypotheses. */
	partialEveryS: number;
	/**
	 * Start transcribing at the start of every pause, as soon as the final's trailing pad is in:
	 * if the pause turns out to end the utterance, that audio is exactly the final's, so its
	 * transcription is the final and the wait for the rest of the pause is not lost.
	 */
	speculate: boolean;
}

export const DEFAULT_SEGMENTER: SegmenterOptions = {
	startThreshold: 0.5,
	endThreshold: 0.35,
	minSilenceS: 0.5,
	minSpeechS: 0.25,
	maxUtteranceS: 29.5,
	padS: 0.15,
	partialEveryS: 1.5,
	speculate: true,
};

/** A piece of one channel's audio to transcribe; frames are on the recording's timeline. */
export interface Utterance {
	/** Per channel, counting from 0: partials and the final of one utterance share it. */
	index: number;
	startFrame: number;
	endFrame: number;
	audio: Float32Array;
	final: boolean;
	/**
	 * A partial cut at the start of a pause: exactly the audio of the final that follows if no
	 * speech comes before the pause is long enough (same index, start and end frames).
	 */
	speculative?: boolean;
}

/**
 * Turns one channel's audio plus its per-frame speech probability (Silero, 512 samples) into
 * utterances: a partial every `partialEveryS` of new speech, a speculative partial when a pause
 * begins, and a final when `minSilenceS` of silence follows the speech or the utterance reaches
 * `maxUtteranceS`.
 */
export class UtteranceSegmenter {
	private readonly o: SegmenterOptions;
	/** Audio of the utterance in progress (with its leading pad), or the recent pre-roll. */
	private buf = new Float32Array(LIVE_SAMPLE_RATE * 4);
	private len = 0;
	/** Frame of buf[0] on the recording's timeline. */
	private bufStart = 0;
	private speaking = false;
	private silentFrames = 0;
	private lastSpeechEnd = 0;
	private lastPartialAt = 0;
	/** The speech end a speculative partial was cut for (-1: none in this pause). */
	private speculatedAt = -1;
	private next = 0;

	constructor(options: Partial<SegmenterOptions> = {}) {
		this.o = { ...DEFAULT_SEGMENTER, ...options };
	}

	get inSpeech(): boolean {
		return this.speaking;
	}

	/** Feeds one VAD frame (≤ 512 samples) starting at `frame`; returns what it completes. */
	push(frame: number, samples: Float32Array, prob: number): Utterance[] {
		if (this.len === 0) this.bufStart = frame;
		this.append(samples);
		const frameEnd = frame + samples.length;
		const out: Utterance[] = [];
		const rate = LIVE_SAMPLE_RATE;
		if (!this.speaking) {
			if (prob >= this.o.startThreshold) {
				this.speaking = true;
				this.silentFrames = 0;
				this.lastSpeechEnd = frameEnd;
				// Keep only the pad before the first speech frame.
				this.dropBefore(frame - Math.round(this.o.padS * rate));
				this.lastPartialAt = this.bufStart;
			} else {
				this.dropBefore(frameEnd - Math.round(this.o.padS * rate));
			}
			return out;
		}
		if (prob >= this.o.endThreshold) {
			this.silentFrames = 0;
			this.lastSpeechEnd = frameEnd;
		} else this.silentFrames++;
		const silenceS = (this.silentFrames * VAD_FRAME) / rate;
		const lengthS = this.len / rate;
		if (silenceS >= this.o.minSilenceS) {
			const end = Math.min(frameEnd, this.lastSpeechEnd + Math.round(this.o.padS * rate));
			const u = this.cut(end);
			if (u) out.push(u);
			this.speaking = false;
		} else if (lengthS >= this.o.maxUtteranceS) {
			const u = this.cut(frameEnd);
			if (u) out.push(u);
			// Speech goes on: the next utterance starts right here.
			this.speaking = prob >= this.o.endThreshold;
			this.lastPartialAt = this.bufStart;
		} else if (
			this.o.speculate &&
			this.silentFrames > 0 &&
			this.speculatedAt !== this.lastSpeechEnd &&
			frameEnd >= this.lastSpeechEnd + this.padFrames() &&
			this.speechS() >= this.o.minSpeechS
		) {
			// The final, if this pause ends the utterance, is [bufStart, lastSpeechEnd + pad).
			this.speculatedAt = this.lastSpeechEnd;
			const end = this.lastSpeechEnd + this.padFrames();
			this.lastPartialAt = end;
			out.push({
				index: this.next,
				startFrame: this.bufStart,
				endFrame: end,
				audio: this.buf.slice(0, end - this.bufStart),
				final: false,
				speculative: true,
			});
		} else if (
			this.silentFrames === 0 &&
			(frameEnd - this.lastPartialAt) / rate >= this.o.partialEveryS
		) {
			// Not in a pause: a pause may be the end, and a partial then would hold up the final.
			this.lastPartialAt = frameEnd;
			out.push({
				index: this.next,
				startFrame: this.bufStart,
				endFrame: frameEnd,
				audio: this.buf.slice(0, this.len),
				final: false,
			});
		}
		return out;
	}

	/** Ends the utterance in progress (recording stopped); returns its final, if any. */
	flush(): Utterance | undefined {
		if (!this.speaking) return undefined;
		this.speaking = false;
		return this.cut(Math.min(this.bufStart + this.len, this.lastSpeechEnd + this.padFrames()));
	}

	private padFrames(): number {
		return Math.round(this.o.padS * LIVE_SAMPLE_RATE);
	}

	/** Seconds from the utterance's first speech frame to its last. */
	private speechS(): number {
		return (this.lastSpeechEnd - this.bufStart) / LIVE_SAMPLE_RATE - this.o.padS;
	}

	/** Emits [bufStart, end) as a final (when long enough) and keeps what follows it. */
	private cut(end: number): Utterance | undefined {
		const n = Math.max(0, Math.min(this.len, end - this.bufStart));
		const u: Utterance | undefined =
			this.speechS() >= this.o.minSpeechS
				? {
						index: this.next++,
						startFrame: this.bufStart,
						endFrame: this.bufStart + n,
						audio: this.buf.slice(0, n),
						final: true,
					}
				: undefined;
		this.dropBefore(this.bufStart + n);
		return u;
	}

	private dropBefore(frame: number): void {
		const k = Math.min(this.len, Math.max(0, frame - this.bufStart));
		if (k <= 0) return;
		this.buf.copyWithin(0, k, this.len);
		this.len -= k;
		this.bufStart += k;
	}

	private append(samples: Float32Array): void {
		if (this.len + samples.length > this.buf.length) {
			const grown = new Float32Array(Math.max(this.buf.length * 2, this.len + samples.length));
			grown.set(this.buf.subarray(0, this.len));
			this.buf = grown;
		}
		this.buf.set(samples, this.len);
		this.len += samples.length;
	}
}
