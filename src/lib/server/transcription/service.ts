import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { TranscriptionJob } from '../../contracts/transcription';
import path from 'node:path';
import { openAudio, removeStaleScratch } from '../infra/media/audio-file';
import { probeMedia } from '../infra/media/probe';
import type { AudioFileRecord, TranscriptionJobRecord } from '../infra/db/records';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { listJobs, type JobListQuery, type JobPage } from './job-list';
import type { JobOptions, TranscriptionDeps } from './deps';
import { finishJob } from './finish';
import { assertQueueRoom } from './queue-cap';
import { engineInput, engineRequest } from './job-request';
import { toJob, toResult, toSegment } from './mapping';
import { RemoteJobs } from './remote';
import { storeTranscript, toSegmentRecord } from './store';
import { applyVoiceSpeakers, diarizeFile } from './voice-speakers';

export type { JobOptions, TranscriptionDeps } from './deps';

const now = () => new Date().toISOString();
/** Progress is written to the database at most this often (it is pushed on every window). */
const PROGRESS_WRITE_MS = 1000;

/** Transcription jobs: submission, the queue, running them on the engine, and results. */
export class TranscriptionService {
	/** Jobs run by `meetingscribe worker` processes (only with the Redis queue). */
	readonly remote: RemoteJobs;

	constructor(private readonly d: TranscriptionDeps) {
		this.remote = new RemoteJobs(d);
	}

	/** Re-queues work interrupted by a restart; jobs whose audio is gone fail with a reason. */
	recover(): void {
		// Scratch audio of transcriptions a crash interrupted (they start again from the file).
		removeStaleScratch(this.d.dataDir.area('tmp'));
		for (const job of this.d.repos.jobs.listByStatus(['running', 'pending'])) {
			const audio = job.audioFileId ? this.d.repos.recordings.get(job.audioFileId) : undefined;
			if (!audio || !fs.existsSync(this.d.dataDir.fromRelative(audio.relPath))) {
				this.d.repos.jobs.update(job.id, {
					status: 'failed',
					errorMessage: 'The audio of this job is gone (it was deleted while the server was down)',
					completedAt: now(),
				});
				continue;
			}
			// On Redis a running job may be on a worker still; re-adding it is a no-op then, and
			// brings it back when Redis lost it.
			if (job.status === 'running' && !this.d.queue.distributed) {
				this.d.logger.info({ job_id: job.id }, 're-queueing a job interrupted by a restart');
				this.d.repos.jobs.update(job.id, { status: 'pending', progress: 0, startedAt: null });
			}
			this.d.queue.enqueue(job.id, job.priority);
		}
	}

	start(): void {
		this.d.queue.start((id, signal) => this.run(id, signal));
	}

	/** Puts every waiting job (back) on the queue: Redis came back empty after a restart. */
	requeuePending(): void {
		for (const job of this.d.repos.jobs.listByStatus(['pending'])) {
			this.d.queue.enqueue(job.id, job.priority);
		}
	}

	/** The model a request asks for; fails early with MODEL_UNAVAILABLE when it cannot run. */
	/**
	 * Refuses options that can never work (a model that is neither installed nor fetchable)
	 * before anything is stored: an upload refused for its options leaves nothing behind.
	 */
	checkOptions(options: JobOptions): void {
		const explicit = options.model ?? options.model_size;
		if (explicit) this.d.asr.modelSpec(explicit);
	}

	private modelFor(options: JobOptions): string {
		const model = options.model ?? options.model_size ?? this.d.settings.get().whisper_model;
		this.d.asr.modelSpec(model);
		return model;
	}

	/** Stores an uploaded file (already streamed to a temp path) as an audio file. */
	async adoptUpload(tmpPath: string, originalName: string): Promise<AudioFileRecord> {
		try {
			const info = await probeMedia(tmpPath);
			const id = randomUUID();
			const ext = path
				.extname(originalName)
				.toLowerCase()
				.replace(/[^.a-z0-9]/g, '')
				.slice(0, 8);
			const name = `${id}${ext}`;
			const target = this.d.dataDir.resolve('uploads', name);
			fs.renameSync(tmpPath, target);
			const record: AudioFileRecord = {
				id,
				filename: originalName,
				relPath: this.d.dataDir.relative('uploads', name),
				source: 'upload',
				sizeBytes: fs.statSync(target).size,
				durationSeconds: Math.round(info.durationSeconds * 1000) / 1000,
				sampleRate: info.sampleRate,
				channels: info.channels,
				audioFormat: info.format,
				createdAt: now(),
			};
			this.d.repos.recordings.insert(record);
			return record;
		} finally {
			fs.rmSync(tmpPath, { force: true });
		}
	}

	/** Imports a server-side file, only from inside IMPORT_DIR (symlinks resolved first). */
	async importPath(clientPath: string): Promise<AudioFileRecord> {
		const root = this.d.config.IMPORT_DIR;
		if (!root)
			throw new ForbiddenError('Importing server files is disabled (IMPORT_DIR is not set)');
		let real: string;
		try {
			real = fs.realpathSync(path.resolve(root, clientPath));
		} catch {
			throw new ForbiddenError(
				'audio_file_path must name an existing file inside the import folder',
			);
		}
		const realRoot = fs.realpathSync(root);
		if (!real.startsWith(realRoot + path.sep) || !fs.statSync(real).isFile()) {
			throw new ForbiddenError(
				'audio_file_path must name an existing file inside the import folder',
			);
		}
		const tmp = this.d.dataDir.resolve('tmp', `import-${randomUUID()}`);
		fs.copyFileSync(real, tmp);
		return this.adoptUpload(tmp, path.basename(real));
	}

	/**
	 * Queues the follow-up pass over a live-transcribed recording: a normal job whose result is
	 * stored as the recording's `refined` transcript (it supersedes the `live` one).
	 */
	refine(audioFileId: string, sessionId: string, model: string): TranscriptionJob {
		return this.submit(
			audioFileId,
			{
				model,
				task: 'transcribe',
				word_timestamps: true,
				temperature: 0,
			},
			sessionId,
		);
	}

	/**
	 * Creates a pending job for an audio file and queues it. A job `submittedBy` an identity
	 * (null without keys) counts against the pending-job caps; internal ones (refinement) do not.
	 */
	submit(
		audioFileId: string,
		options: JobOptions,
		refineOf?: string,
		submittedBy?: string | null,
	): TranscriptionJob {
		assertSafeId(audioFileId, 'audio_file_id');
		const audio = this.d.repos.recordings.get(audioFileId);
		if (!audio) throw new NotFoundError('Audio file', audioFileId);
		if (submittedBy !== undefined) assertQueueRoom(this.d, submittedBy);
		const model = this.modelFor(options);
		// No language in the request: the configured default, else detection.
		const settings = this.d.settings.get();
		const language = options.language ?? settings.whisper_language ?? undefined;
		// Decided now, so a later change of the setting does not change a queued job.
		const speakers = options.enable_speaker_detection ?? settings.enable_speaker_detection;
		const job: TranscriptionJobRecord = {
			id: randomUUID(),
			status: 'pending',
			priority: 0,
			progress: 0,
			audioFileId,
			options: {
				...options,
				model,
				language,
				enable_speaker_detection: speakers,
				...(refineOf ? { refine_of: refineOf } : {}),
			},
			modelUsed: null,
			language: language ?? null,
			transcriptId: null,
			errorMessage: null,
			createdAt: now(),
			startedAt: null,
			completedAt: null,
			submittedBy: submittedBy ?? null,
		};
		this.d.repos.jobs.insert(job);
		this.d.queue.enqueue(job.id, job.priority);
		this.d.emitSystemEvent('job_created', { job_id: job.id, audio_file_id: audioFileId });
		this.d.publish(job.id, { status: 'pending', progress: 0 });
		return toJob(this.d.repos, job, audio);
	}

	private job(jobId: string): TranscriptionJobRecord {
		assertSafeId(jobId, 'job_id');
		const job = this.d.repos.jobs.get(jobId);
		if (!job) throw new NotFoundError('Transcription job', jobId);
		return job;
	}

	status(jobId: string): TranscriptionJob {
		const job = this.job(jobId);
		return toJob(
			this.d.repos,
			job,
			job.audioFileId ? this.d.repos.recordings.get(job.audioFileId) : undefined,
		);
	}

	/** Jobs, newest first, optionally only some statuses. */
	list(query: JobListQuery): JobPage {
		return listJobs(this.d.repos, query);
	}

	result(jobId: string) {
		const job = this.job(jobId);
		if (job.status !== 'completed' || !job.transcriptId) {
			throw new ConflictError(
				`Job '${jobId}' is ${job.status}, not completed`,
				'JOB_NOT_COMPLETED',
				{
					status: job.status,
					progress: job.progress,
				},
			);
		}
		const transcript = this.d.repos.transcripts.get(job.transcriptId);
		if (!transcript) throw new NotFoundError('Transcription', job.transcriptId);
		return toResult(transcript, this.d.repos.transcripts.segments(transcript.id));
	}

	/** Cancels a pending or running job (a running one stops within one decoded window). */
	cancel(jobId: string): TranscriptionJob {
		const job = this.job(jobId);
		if (job.status !== 'pending' && job.status !== 'running') {
			throw new ConflictError(`Job '${jobId}' is already ${job.status}`, 'CONFLICT', {
				status: job.status,
			});
		}
		// On Redis a pending job is only queued: a worker that took it meanwhile finds it
		// cancelled when it claims it. A running one stops within one decoded window.
		const removed = this.d.queue.remove(jobId) && job.status === 'pending';
		if (removed || !(this.d.queue.isRunning(jobId) || this.remote.isClaimed(jobId))) {
			this.finish(jobId, { status: 'cancelled', errorMessage: 'Cancelled by request' });
		} else {
			if (!this.d.queue.abort(jobId)) this.remote.requestCancel(jobId);
			this.d.repos.jobs.update(jobId, { errorMessage: 'Cancelling…' });
		}
		return this.status(jobId);
	}

	private finish(jobId: string, patch: Partial<TranscriptionJobRecord>): void {
		finishJob(this.d, jobId, patch);
	}

	private async run(jobId: string, signal: AbortSignal): Promise<void> {
		const job = this.d.repos.jobs.get(jobId);
		// On Redis a `running` job reaches this process when its worker died (a stall).
		if (
			!job ||
			(job.status !== 'pending' && !(job.status === 'running' && this.d.queue.distributed))
		)
			return;
		this.remote.holdLocally(jobId);
		try {
			await this.runHere(job, signal);
		} finally {
			this.remote.releaseLocal(jobId);
		}
	}

	private async runHere(job: TranscriptionJobRecord, signal: AbortSignal): Promise<void> {
		const jobId = job.id;
		const audio = job.audioFileId ? this.d.repos.recordings.get(job.audioFileId) : undefined;
		if (!audio) {
			this.finish(jobId, { status: 'failed', errorMessage: 'The audio of this job is gone' });
			return;
		}
		const options = job.options as JobOptions & { refine_of?: string };
		this.d.repos.jobs.update(jobId, {
			status: 'running',
			startedAt: now(),
			progress: 0,
			errorMessage: null,
		});
		this.d.publish(jobId, { status: 'running', progress: 0 });
		this.d.emitSystemEvent('job_started', { job_id: jobId });
		let lastWrite = 0;
		// 16 kHz PCM on disk (the recording itself, or a scratch file): read window by window.
		let opened: Awaited<ReturnType<typeof openAudio>> | undefined;
		try {
			opened = await openAudio(this.d.dataDir.fromRelative(audio.relPath), {
				scratchDir: this.d.dataDir.area('tmp'),
				signal,
			});
			const request = engineRequest(job, audio, this.d.settings);
			const input = engineInput(request, opened);
			// Voice diarization within each transcribed channel, when asked and installed.
			const voices = request.detectSpeakers
				? await diarizeFile({
						file: input.audio,
						perChannel: input.perChannel,
						modelsDir: this.d.config.MODELS_DIR,
						count: request.speakerCount,
						signal,
					})
				: null;
			const result = await this.d.asr.transcribe(input.audio, input.options, {
				signal,
				priority: job.priority,
				onProgress: (p) => {
					const progress = p.totalSeconds > 0 ? Math.min(0.99, p.doneSeconds / p.totalSeconds) : 0;
					if (Date.now() - lastWrite > PROGRESS_WRITE_MS) {
						lastWrite = Date.now();
						this.d.repos.jobs.update(jobId, { progress });
					}
					this.d.publish(jobId, {
						status: 'running',
						progress,
						done_seconds: p.doneSeconds,
						total_seconds: p.totalSeconds,
						segments: p.segments.map((s) => toSegment(toSegmentRecord(s), s.id)),
					});
				},
			});
			const withVoices = voices ? applyVoiceSpeakers(result, voices) : result;
			const transcript = storeTranscript(this.d.repos, {
				result: withVoices,
				audioFileId: audio.id,
				jobId,
				sessionId: options.refine_of ?? null,
				kind: options.refine_of ? 'refined' : 'file',
			});
			// The scratch file goes before the job says it has ended: an ended job leaves nothing.
			await opened.dispose();
			opened = undefined;
			this.finish(jobId, {
				status: 'completed',
				progress: 1,
				transcriptId: transcript.id,
				modelUsed: result.model,
				language: result.language,
			});
		} catch (e) {
			await opened?.dispose();
			opened = undefined;
			if (signal.aborted) {
				this.finish(jobId, { status: 'cancelled', errorMessage: 'Cancelled by request' });
				return;
			}
			const message = e instanceof Error ? e.message : String(e);
			if (!(e as { isDomainError?: boolean }).isDomainError) {
				this.d.logger.error({ err: e, job_id: jobId }, 'transcription job failed');
			}
			this.finish(jobId, { status: 'failed', errorMessage: message });
		} finally {
			await opened?.dispose();
		}
	}
}

export function missingSourceError(): ValidationError {
	return new ValidationError('Give audio_file_id, audio_file_path, or upload a file', [
		{ path: 'audio_file_id', message: 'One audio source is required', code: 'missing_source' },
	]);
}
