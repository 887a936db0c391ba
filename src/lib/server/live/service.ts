import type { LiveSegment, LiveStatus } from '../../contracts/live';
import { toLiveRate } from './rate';
import type { AsrEngine } from '../asr';
import { SileroVad } from '../asr';
import type { AppConfig } from '../infra/config/env';
import type { SettingsService } from '../infra/config/settings';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { RecordingService, SessionAudio, SessionUpdate } from '../recording';
import { LivePipeline, type FrameVad } from './pipeline';
import { LiveProblems } from './problems';
import { LiveScheduler } from './scheduler';
import { storeLiveTranscript } from './store';
import { LiveVoices } from './voices';
import { installedModels } from '../diarization';
import { CHANNEL_SPEAKER_IDS } from '../transcription';

export interface LiveDeps {
	recording: RecordingService;
	asr: AsrEngine;
	repos: Repositories;
	settings: SettingsService;
	config: AppConfig;
	logger: Logger;
	/** Sends an event to the session's room on /transcription. */
	publish(sessionId: string, event: 'live_segment', data: LiveSegment): void;
	publish(sessionId: string, event: 'live_status', data: LiveStatus): void;
	/** Queues the follow-up pass over the whole recording, when one is configured. */
	refine?(audioFileId: string, sessionId: string): void;
	/**
	 * Queues a transcription of the whole recording, for a session whose live transcript skipped
	 * audio to catch up (its result supersedes the live transcript, like a refine pass).
	 */
	transcribeRecording(audioFileId: string, sessionId: string): void;
}

const STATUS_MS = 1000;
const DISPOSE_WAIT_MS = 5000;
/**
 * Ends that store a live transcript. An `interrupted` session (server shutdown) resumes when its
 * client returns, and a recording with a transcript would not: it stores nothing.
 */
const ENDED = new Set(['stopped', 'failed']);

/** A VAD whose model loads on first use, so that taking audio never waits for it. */
function lazyVad(): FrameVad {
	let vad: Promise<SileroVad> | undefined;
	return { process: async (frame) => (await (vad ??= SileroVad.create())).process(frame) };
}

/**
 * Live transcription of every recording session: subscribes to the recording service's audio,
 * runs a pipeline per session, pushes segments to the session's room, and on stop stores the
 * finals as the recording's `live` transcript.
 */
export class LiveTranscriptionService {
	private readonly pipelines = new Map<string, LivePipeline>();
	private readonly settled = new Map<string, Promise<string | null>>();
	private readonly scheduler: LiveScheduler;
	private readonly problems: LiveProblems;
	private timer: NodeJS.Timeout | undefined;
	private readonly onAudio = (a: SessionAudio) => this.audio(a);
	private readonly onUpdate = (u: SessionUpdate) => this.update(u);

	constructor(private readonly d: LiveDeps) {
		const delayMs = d.config.MEETINGSCRIBE_TEST_FAULTS ? d.config.LIVE_TEST_DELAY_MS : 0;
		this.problems = new LiveProblems(d.logger);
		this.scheduler = new LiveScheduler(d.asr, { maxFinals: d.config.LIVE_MAX_BACKLOG, delayMs });
	}

	start(): void {
		if (!this.d.config.LIVE_TRANSCRIPTION) return;
		this.d.recording.events.on('audio', this.onAudio);
		this.d.recording.events.on('update', this.onUpdate);
		this.timer = setInterval(() => this.reportAll(), STATUS_MS).unref();
	}

	/**
	 * The session's live transcript id once its recording has ended and the finals are stored
	 * (null when there is none), waiting at most the flush bound.
	 */
	async transcriptFor(sessionId: string): Promise<string | null> {
		return (await this.settled.get(sessionId)) ?? null;
	}

	/** Finals so far for a session that is still recording (for a page that opens late). */
	segments(sessionId: string): LiveSegment[] {
		return this.pipelines.get(sessionId)?.ordered() ?? [];
	}

	async dispose(): Promise<void> {
		clearInterval(this.timer);
		this.d.recording.events.off('audio', this.onAudio);
		this.d.recording.events.off('update', this.onUpdate);
		// Sessions stopped just before the shutdown still store their transcript; bounded.
		const pending = Promise.allSettled(this.settled.values());
		await Promise.race([pending, new Promise((r) => setTimeout(r, DISPOSE_WAIT_MS).unref())]);
		this.scheduler.stop();
	}

	private audio(recorded: SessionAudio): void {
		const a = toLiveRate(recorded);
		let p = this.pipelines.get(a.sessionId);
		if (!p) {
			if (this.settled.has(a.sessionId)) return;
			p = this.create(a.sessionId, a.channels);
		}
		p.accept(a.sampleIndex, a.channels, a.pcm);
	}

	private create(sessionId: string, channels: number): LivePipeline {
		const s = this.d.settings.get();
		const models = s.enable_speaker_detection ? installedModels(this.d.config.MODELS_DIR) : null;
		const voices =
			models &&
			new LiveVoices({
				models,
				names: [s.local_speaker_name, 'Remote'],
				ids: [...CHANNEL_SPEAKER_IDS],
				relabel: (seg) => this.d.publish(sessionId, 'live_segment', seg),
				onError: (err) =>
					this.d.logger.warn({ err, session_id: sessionId }, 'live voice labels failed'),
			});
		const p = new LivePipeline({
			sessionId,
			channels,
			speakers: [s.local_speaker_name, 'Remote'],
			model: this.d.config.LIVE_MODEL ?? s.whisper_model,
			language: s.whisper_language,
			encoderContext: this.d.config.LIVE_ENCODER_CONTEXT,
			vads: Array.from({ length: channels }, lazyVad),
			scheduler: this.scheduler,
			emit: (seg) => {
				if (this.problems.clear(sessionId)) this.report(sessionId, p, 'live');
				this.d.publish(sessionId, 'live_segment', seg);
			},
			onError: (err) => {
				if (this.problems.note(sessionId, err)) this.report(sessionId, p, 'live');
			},
			maxQueuedS: this.d.config.LIVE_MAX_QUEUE_S,
			...(voices ? { voices } : {}),
			onCatchUp: (skipped) => {
				this.d.logger.warn(
					{ session_id: sessionId, skipped_seconds: skipped },
					'live transcription fell behind and skipped audio; the recorded file will be transcribed',
				);
				this.report(sessionId, p, 'catching_up');
			},
		});
		this.pipelines.set(sessionId, p);
		return p;
	}

	private update({ sessionId, data }: SessionUpdate): void {
		const p = this.pipelines.get(sessionId);
		if (data.kind === 'cancelled' || data.kind === 'interrupted') {
			p?.abort();
			this.pipelines.delete(sessionId);
			this.problems.forget(sessionId);
			return;
		}
		if (!ENDED.has(data.kind) || this.settled.has(sessionId)) return;
		const audioFileId = data.session.audio_file_id ?? null;
		const done = this.end(sessionId, p, audioFileId, data.session.duration_seconds);
		this.settled.set(sessionId, done);
		// Forget the session a while later; late joiners read the stored transcript instead.
		void done.finally(() => setTimeout(() => this.settled.delete(sessionId), 60_000).unref());
	}

	private async end(
		sessionId: string,
		p: LivePipeline | undefined,
		audioFileId: string | null,
		duration: number,
	): Promise<string | null> {
		try {
			if (p) this.report(sessionId, p, 'finishing');
			const finals = p ? await p.finish(this.d.config.LIVE_FLUSH_TIMEOUT_MS) : [];
			this.pipelines.delete(sessionId);
			const problem = this.problems.get(sessionId);
			this.problems.forget(sessionId);
			if (!audioFileId) return null;
			if (problem && !finals.length) {
				// Nothing was transcribed: an empty transcript would pass for "nobody spoke". The
				// recording stays in the library, to be transcribed once the cause is fixed.
				this.d.logger.info(
					{ session_id: sessionId, audio_file_id: audioFileId, code: problem.code },
					'no live transcript stored: live transcription failed throughout',
				);
				this.d.publish(sessionId, 'live_status', {
					session_id: sessionId,
					state: 'done',
					lag_seconds: 0,
					partials_dropped: this.scheduler.droppedPartials,
					transcription_id: null,
					audio_file_id: audioFileId,
					refining: false,
					problem,
					timestamp: new Date().toISOString(),
				});
				return null;
			}
			const model = this.d.config.LIVE_MODEL ?? this.d.settings.get().whisper_model;
			const id = storeLiveTranscript(this.d.repos, {
				sessionId,
				audioFileId,
				model,
				language: p?.detectedLanguage ?? this.d.settings.get().whisper_language,
				duration,
				finals,
				speakers: this.d.settings.get().enable_speaker_detection,
			});
			const skipped = p?.skippedSeconds ?? 0;
			// The live transcript misses what was skipped: the recorded file is transcribed whole.
			if (skipped > 0 && !this.d.refine) this.d.transcribeRecording(audioFileId, sessionId);
			else this.d.refine?.(audioFileId, sessionId);
			this.d.publish(sessionId, 'live_status', {
				session_id: sessionId,
				state: 'done',
				lag_seconds: 0,
				partials_dropped: this.scheduler.droppedPartials,
				transcription_id: id,
				audio_file_id: audioFileId,
				refining: this.d.refine !== undefined || skipped > 0,
				...(skipped > 0 ? { skipped_seconds: skipped } : {}),
				timestamp: new Date().toISOString(),
			});
			return id;
		} catch (err) {
			this.d.logger.error({ err, session_id: sessionId }, 'could not store the live transcript');
			return null;
		}
	}

	private reportAll(): void {
		for (const [id, p] of this.pipelines) this.report(id, p, 'live');
	}

	private report(sessionId: string, p: LivePipeline, state: LiveStatus['state']): void {
		this.d.publish(sessionId, 'live_status', {
			session_id: sessionId,
			state,
			lag_seconds: p.lagSeconds,
			partials_dropped: this.scheduler.droppedPartials,
			...(p.skippedSeconds > 0
				? { skipped_seconds: Math.round(p.skippedSeconds * 1000) / 1000 }
				: {}),
			problem: this.problems.get(sessionId),
			timestamp: new Date().toISOString(),
		});
	}
}
