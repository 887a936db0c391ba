import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { WorkerJobSpec } from '../../lib/contracts/workers';
import { modelCatalog, type AsrEngine, type Progress } from '../../lib/server/asr';
import { isDomainError } from '../../lib/server/infra/errors';
import type { Logger } from '../../lib/server/infra/logger';
import {
	openAudio,
	removeStaleScratch,
	type OpenedAudio,
} from '../../lib/server/infra/media/audio-file';
import {
	MAX_STALLED,
	redactRedisUrl,
	retryDelay,
	TRANSCRIPTION_QUEUE,
	type QueuedJobData,
} from '../../lib/server/infra/queue/bullmq-shared';
import {
	applyVoiceSpeakers,
	diarizeFile,
	engineInput,
	type EngineRequest,
} from '../../lib/server/transcription';
import { ApiRefusal, type ApiClient } from './api-client';
import type { WorkerConfig } from './config';

const HEARTBEAT_MS = 2000;
/** How often a running job asks the API node whether it was cancelled (besides each window). */
const CANCEL_POLL_MS = 1000;

/** Progress reports carry the segments so far for live display, up to this many. */
const MAX_PROGRESS_SEGMENTS = 2000;

/** Word timings stay out of progress (the result has them): reports stay far below 1 MiB. */
function progressBody(
	p: Pick<Progress, 'doneSeconds' | 'totalSeconds'> & { segments?: Progress['segments'] },
) {
	const segments =
		p.segments && p.segments.length <= MAX_PROGRESS_SEGMENTS
			? p.segments.map(({ words: _words, ...s }) => s)
			: undefined;
	return { doneSeconds: p.doneSeconds, totalSeconds: p.totalSeconds, segments };
}

type StopReason = 'cancel' | 'shutdown' | 'lost';
interface Running {
	controller: AbortController;
	reason?: StopReason;
	last: Pick<Progress, 'doneSeconds' | 'totalSeconds'>;
}

/**
 * `meetingscribe worker`: takes transcription jobs from BullMQ, fetches their audio from the API
 * node, runs them on the same engine as the server and reports back over HTTP.
 */
export class TranscriptionWorker {
	private bull: Worker<QueuedJobData> | undefined;
	private redis: Redis | undefined;
	private readonly running = new Map<string, Running>();
	private beat: NodeJS.Timeout | undefined;
	private redisDown = false;

	constructor(
		private readonly cfg: WorkerConfig,
		private readonly asr: AsrEngine,
		private readonly api: ApiClient,
		private readonly log: Logger,
	) {}

	get id(): string {
		return this.cfg.workerId;
	}

	start(): void {
		fs.mkdirSync(this.cfg.DATA_DIR, { recursive: true });
		// Decoded audio a killed worker left behind (its jobs run again from the API's file).
		removeStaleScratch(this.cfg.DATA_DIR);
		this.redis = new Redis(this.cfg.REDIS_URL, {
			maxRetriesPerRequest: null,
			retryStrategy: retryDelay,
		});
		const lost = (e: Error) => {
			if (this.redisDown) return;
			this.redisDown = true;
			this.log.warn(
				{ redis: redactRedisUrl(this.cfg.REDIS_URL), err: e.message },
				'Redis is unreachable; retrying with back-off',
			);
		};
		this.redis.on('error', lost);
		this.redis.on('reconnecting', () => lost(new Error('connection lost')));
		this.redis.on('ready', () => {
			if (!this.redisDown) return;
			this.redisDown = false;
			this.log.info('Redis is reachable again');
		});
		const lockDuration = this.cfg.QUEUE_LOCK_MS;
		this.bull = new Worker<QueuedJobData>(
			TRANSCRIPTION_QUEUE,
			(job, token) => this.process(job, token),
			{
				connection: this.redis,
				concurrency: this.cfg.WORKER_CONCURRENCY,
				lockDuration,
				stalledInterval: lockDuration,
				maxStalledCount: MAX_STALLED,
			},
		);
		this.bull.on('error', () => {});
		const beat = () => void this.heartbeat();
		beat();
		this.beat = setInterval(beat, HEARTBEAT_MS);
	}

	/** SIGTERM: every running job stops after its current window and goes back on the queue. */
	async stop(): Promise<void> {
		clearInterval(this.beat);
		for (const r of this.running.values()) {
			r.reason = 'shutdown';
			r.controller.abort();
		}
		await this.bull?.close();
		this.redis?.disconnect();
	}

	private async heartbeat(): Promise<void> {
		try {
			await this.api.heartbeat({
				worker_id: this.id,
				host: os.hostname().slice(0, 200),
				device: this.asr.deviceReport()?.inUse ?? this.cfg.DEVICE,
				models: modelCatalog(this.cfg.MODELS_DIR)
					.local.map((m) => m.id)
					.slice(0, 200),
				concurrency: this.cfg.WORKER_CONCURRENCY,
				current_jobs: [...this.running.keys()],
			});
		} catch {
			// The client logged the outage; the next beat tries again.
		}
	}

	private async process(job: Job<QueuedJobData>, token?: string): Promise<void> {
		const id = job.data.jobId;
		let spec: WorkerJobSpec;
		try {
			spec = await this.api.claim(id, this.id);
		} catch (e) {
			// Cancelled or finished meanwhile: nothing to do, the job leaves the queue.
			if (e instanceof ApiRefusal) {
				this.log.info({ job_id: id, reason: e.message }, 'skipping a job the API node refused');
				return;
			}
			throw e;
		}
		if (!this.hasModel(spec.model)) return this.missingModel(job, spec);
		const run: Running = {
			controller: new AbortController(),
			last: { doneSeconds: 0, totalSeconds: spec.audio.duration_seconds },
		};
		this.running.set(id, run);
		this.log.info({ job_id: id, model: spec.model }, 'job started');
		const scratch = path.join(this.cfg.DATA_DIR, `${id}-${randomUUID()}`);
		const poll = setInterval(() => void this.report(id, run), CANCEL_POLL_MS);
		let opened: OpenedAudio | undefined;
		try {
			await this.api.download(id, this.id, scratch);
			// Read window by window (a scratch file of 16 kHz PCM beside the download if needed).
			opened = await openAudio(scratch, {
				scratchDir: this.cfg.DATA_DIR,
				signal: run.controller.signal,
			});
			const input = engineInput(
				{
					model: spec.model,
					detectSpeakers: spec.detect_speakers,
					source: spec.source as EngineRequest['source'],
					localSpeakerName: spec.local_speaker_name,
					speakerCount: spec.speaker_count ?? {},
					options: spec.options,
				},
				opened,
			);
			// Voices within each channel, as a job run on the API node gets them.
			const voices = spec.detect_speakers
				? await diarizeFile({
						file: input.audio,
						perChannel: input.perChannel,
						modelsDir: this.cfg.MODELS_DIR,
						count: spec.speaker_count ?? {},
						signal: run.controller.signal,
					})
				: null;
			const transcribed = await this.asr.transcribe(input.audio, input.options, {
				signal: run.controller.signal,
				priority: spec.priority,
				onProgress: (p) => {
					run.last = p;
					void this.report(id, run, p);
				},
			});
			const result = voices ? applyVoiceSpeakers(transcribed, voices) : transcribed;
			clearInterval(poll);
			await this.api.report(id, { worker_id: this.id, outcome: 'completed', result });
			this.log.info({ job_id: id }, 'job completed');
		} catch (e) {
			clearInterval(poll);
			await this.ended(job, token, run, e);
		} finally {
			clearInterval(poll);
			this.running.delete(id);
			await opened?.dispose();
			fs.rmSync(scratch, { force: true });
		}
	}

	/** Sends progress (and asks about a cancel); stops the job when it is no longer ours. */
	private async report(id: string, run: Running, p?: Progress): Promise<void> {
		if (run.controller.signal.aborted) return;
		try {
			const cancel = await this.api.progress(id, this.id, progressBody(p ?? run.last));
			if (cancel) this.abort(run, 'cancel');
		} catch (e) {
			// 404/409: the job is gone or held by another worker now. Anything else (a body too
			// large, say) costs this report only.
			if (e instanceof ApiRefusal && (e.status === 404 || e.status === 409)) {
				this.abort(run, 'lost');
			}
		}
	}

	private abort(run: Running, reason: StopReason): void {
		if (run.controller.signal.aborted) return;
		run.reason = reason;
		run.controller.abort();
	}

	private async ended(
		job: Job<QueuedJobData>,
		token: string | undefined,
		run: Running,
		e: unknown,
	): Promise<void> {
		const id = job.data.jobId;
		if (run.reason === 'shutdown') {
			await this.api.report(id, { worker_id: this.id, outcome: 'released' }).catch(() => {});
			await job.moveToWait(token);
			this.log.info({ job_id: id }, 'job handed back to the queue (shutting down)');
			throw new WaitingError();
		}
		if (run.reason === 'lost') {
			this.log.warn(
				{ job_id: id },
				'job dropped: the API node gave it to another worker or ended it',
			);
			return;
		}
		if (run.reason === 'cancel') {
			await this.api.report(id, { worker_id: this.id, outcome: 'cancelled' }).catch(() => {});
			this.log.info({ job_id: id }, 'job cancelled');
			return;
		}
		if (e instanceof ApiRefusal) {
			this.log.warn({ job_id: id, reason: e.message }, 'job dropped: the API node refused it');
			return;
		}
		const message = e instanceof Error ? e.message : String(e);
		if (!isDomainError(e)) this.log.error({ err: e, job_id: id }, 'job failed');
		await this.api.report(id, { worker_id: this.id, outcome: 'failed', message }).catch(() => {});
	}

	private hasModel(model: string): boolean {
		try {
			this.asr.modelSpec(model);
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * This worker lacks the job's model: hand the job back for another worker while attempts are
	 * left (BullMQ retries it), else fail it naming this worker.
	 */
	private async missingModel(job: Job<QueuedJobData>, spec: WorkerJobSpec): Promise<void> {
		const id = job.data.jobId;
		const attempts = job.opts.attempts ?? 1;
		if (job.attemptsMade + 1 < attempts) {
			await this.api.report(id, { worker_id: this.id, outcome: 'released' });
			throw new Error(`Model '${spec.model}' is not installed on worker '${this.id}'`);
		}
		await this.api.report(id, {
			worker_id: this.id,
			outcome: 'failed',
			message: `MODEL_UNAVAILABLE: model '${spec.model}' is not installed on worker '${this.id}' (MODELS_DIR ${this.cfg.MODELS_DIR}); install it there with \`meetingscribe models pull\``,
		});
	}
}
