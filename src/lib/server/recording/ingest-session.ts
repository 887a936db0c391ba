import { MAX_CHUNK_BYTES } from '../../contracts/capture';
import type { RecordingSessionRecord } from '../infra/db/records';
import {
	BadRequestError,
	ConflictError,
	PayloadTooLargeError,
	ValidationError,
} from '../infra/errors';
import { FrameTracker } from './frame-tracker';
import { channelRms, int16View } from '../infra/media/pcm';
import { WAV_MAX_DATA_BYTES } from '../infra/media/wav';
import type { WavSink } from './wav-sink';

/** A chunk whose every channel is below this RMS (-50 dBFS) counts as silence. */
export const SILENCE_RMS = 10 ** (-50 / 20);
/** After max_duration of wall-clock time plus this, a session stops even if audio is missing. */
export const MAX_DURATION_GRACE_S = 10;
/** How far past the audio held contiguously from the start a chunk may begin, in seconds. */
export const INGEST_WINDOW_S = 60;

export type AutoStopReason = 'max_duration' | 'silence';

export interface ChunkIn {
	sampleIndex: number;
	channels: number;
	pcm: Uint8Array;
}

const invalid = (path: string, message: string) =>
	new ValidationError(message, [{ path, message, code: 'invalid_value' }]);

/**
 * One recording session while it is open: its WAV sink, which frames have arrived, and what
 * auto-stop needs (limit in frames, where sound was last heard). Positions are sample frames on
 * the session's own timeline, so the rules hold whatever order chunks arrive in.
 */
export class IngestSession {
	state: 'pending' | 'recording' | 'stopping' = 'pending';
	chunksReceived = 0;
	/** RMS per channel of the latest chunk on the timeline. */
	level: number[];
	/** Progress not yet saved to the database. */
	dirty = false;
	readonly tracker = new FrameTracker();
	/**
	 * Frames written by this process. A resumed session's recovered frames are held but not
	 * here: a crash may have left zeros among them, which the client's resend must be able to fix.
	 */
	readonly written = new FrameTracker();
	readonly limitFrames: number;
	readonly startedAtMs = Date.now();
	/** When the last chunk arrived (or the session opened), for the idle timeout. */
	lastChunkAtMs = Date.now();
	private readonly silenceFrames: number | null;
	private levelFrame = -1;
	private soundEnd = 0;

	/** Seconds per chunk the capture client is asked for: at most what fits in one chunk. */
	readonly chunkDuration: number;

	constructor(
		readonly record: RecordingSessionRecord,
		readonly sink: WavSink,
		chunkDuration = 0.25,
	) {
		const { sampleRate, channels, maxDuration, autoStopSilence } = record;
		const fits = Math.floor((MAX_CHUNK_BYTES / (sampleRate * channels * 2)) * 1000) / 1000;
		this.chunkDuration = Math.min(chunkDuration, fits);
		const wavLimit = Math.floor(WAV_MAX_DATA_BYTES / (channels * 2));
		this.limitFrames =
			maxDuration === null ? wavLimit : Math.min(wavLimit, Math.round(maxDuration * sampleRate));
		this.silenceFrames = autoStopSilence === null ? null : Math.round(autoStopSilence * sampleRate);
		this.level = new Array<number>(channels).fill(0);
	}

	get id(): string {
		return this.record.id;
	}

	/**
	 * Writes a chunk at its sample offset and returns the samples kept: audio past the session's
	 * limit is dropped (and still acknowledged, so the client lets it go).
	 */
	accept({ sampleIndex, channels, pcm }: ChunkIn): Int16Array {
		if (channels !== this.record.channels) {
			throw invalid('channels', `This session records ${this.record.channels} channel(s)`);
		}
		if (pcm.byteLength > MAX_CHUNK_BYTES) throw new PayloadTooLargeError(MAX_CHUNK_BYTES);
		const frameBytes = channels * 2;
		if (pcm.byteLength === 0 || pcm.byteLength % frameBytes !== 0) {
			throw invalid('pcm', `pcm must hold whole frames of ${frameBytes} bytes`);
		}
		const window = Math.round(INGEST_WINDOW_S * this.record.sampleRate);
		if (sampleIndex > this.tracker.contiguous + window) {
			throw new BadRequestError(
				`sample_index is more than ${INGEST_WINDOW_S} s past the audio held from the start: send the earlier samples first`,
				{
					sample_index: sampleIndex,
					samples_written: this.tracker.contiguous,
					max_sample_index: this.tracker.contiguous + window,
				},
			);
		}
		if (!this.tracker.accepts(sampleIndex)) {
			throw new BadRequestError('Too many gaps in this session: send the earlier chunks first');
		}
		const end = Math.min(sampleIndex + pcm.byteLength / frameBytes, this.limitFrames);
		const bytes = pcm.subarray(0, Math.max(0, end - sampleIndex) * frameBytes);
		if (end > sampleIndex) this.refuseRewrite(sampleIndex, end, bytes);
		this.chunksReceived++;
		this.lastChunkAtMs = Date.now();
		this.dirty = true;
		if (end <= sampleIndex) return new Int16Array(0);
		this.sink.write(sampleIndex, bytes);
		this.tracker.add(sampleIndex, end);
		this.written.add(sampleIndex, end);
		if (this.state === 'pending') this.state = 'recording';

		const samples = int16View(bytes);
		const rms = channelRms(samples, channels);
		if (rms.some((r) => r >= SILENCE_RMS) && end > this.soundEnd) this.soundEnd = end;
		if (sampleIndex >= this.levelFrame) {
			this.level = rms;
			this.levelFrame = sampleIndex;
		}
		return samples;
	}

	/** The same bytes again are fine (a resend); different bytes for held samples are refused. */
	private refuseRewrite(sampleIndex: number, end: number, bytes: Uint8Array): void {
		const frameBytes = this.record.channels * 2;
		for (const [s, e] of this.written.covered(sampleIndex, end)) {
			const sent = bytes.subarray((s - sampleIndex) * frameBytes, (e - sampleIndex) * frameBytes);
			if (!this.sink.read(s, e - s).equals(sent)) {
				throw new ConflictError(
					`Samples ${s}–${e} are already held with other audio: a chunk cannot rewrite them`,
					'CONFLICT',
					{ sample_index: sampleIndex, conflicting_from: s, conflicting_to: e },
				);
			}
		}
	}

	/** Why the session should stop now, judged on the audio held contiguously from the start. */
	autoStopReason(nowMs = Date.now()): AutoStopReason | undefined {
		const held = this.tracker.contiguous;
		if (held >= this.limitFrames) return 'max_duration';
		if (this.silenceFrames !== null && held - this.soundEnd >= this.silenceFrames) return 'silence';
		const { maxDuration } = this.record;
		if (
			maxDuration !== null &&
			nowMs - this.startedAtMs > (maxDuration + MAX_DURATION_GRACE_S) * 1000
		) {
			return 'max_duration';
		}
		return undefined;
	}
}
