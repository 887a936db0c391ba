import type { WorkerJobSpec, WorkerResultRequest } from '../../contracts/workers';
import type { Progress, Segment, TranscriptionResult } from '../asr';
import type { AudioFileRecord, TranscriptionJobRecord } from '../infra/db/records';
import { ConflictError, NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { finishJob } from './finish';
import { engineRequest } from './job-request';
import { toSegment } from './mapping';
import type { JobOptions, TranscriptionDeps } from './deps';
import { storeTranscript, toSegmentRecord } from './store';
import { WorkerRegistry } from './worker-registry';

const PROGRESS_WRITE_MS = 1000;
/** The claim of a job this process runs itself (no worker id has this form). */
const LOCAL = '(this node)';

/**
 * The API node's side of jobs run by remote workers (`meetingscribe worker`). A worker claims a
 * job it took from the queue, downloads its audio, reports progress and the outcome; this side
 * keeps the SQLite record, the source of truth, and emits the usual `transcription_update`s.
 * Only the worker holding a claim may report on a job, so a job handed to a second worker after
 * a stall completes once.
 */
export class RemoteJobs {
	readonly workers = new WorkerRegistry();
	private readonly claims = new Map<string, string>();
	private readonly cancelling = new Set<string>();
	private readonly lastWrite = new Map<string, number>();

	constructor(private readonly d: TranscriptionDeps) {}

	isClaimed(jobId: string): boolean {
		return this.claims.has(jobId);
	}

	/** Asks the worker running a job to stop; it hears it on its next report. */
	requestCancel(jobId: string): boolean {
		if (!this.claims.has(jobId)) return false;
		this.cancelling.add(jobId);
		return true;
	}

	/**
	 * This process runs a job itself (its own BullMQ worker took it, perhaps over from a stalled
	 * worker): a remote worker still reporting on it is refused from now on.
	 */
	holdLocally(jobId: string): void {
		this.release(jobId);
		this.claims.set(jobId, LOCAL);
	}

	/** This process finished running a job. */
	releaseLocal(jobId: string): void {
		if (this.claims.get(jobId) === LOCAL) this.release(jobId);
	}

	claim(jobId: string, workerId: string): WorkerJobSpec {
		const job = this.job(jobId);
		// `running` too: BullMQ hands a stalled job (its worker died) to another worker.
		if (job.status !== 'pending' && job.status !== 'running') {
			throw new ConflictError(`Job '${jobId}' is ${job.status}`, 'CONFLICT', {
				status: job.status,
			});
		}
		const audio = this.audio(job);
		const previous = this.claims.get(jobId);
		if (previous && previous !== workerId) this.workers.setJob(previous, jobId, false);
		this.claims.set(jobId, workerId);
		this.workers.setJob(workerId, jobId, true);
		this.d.repos.jobs.update(jobId, {
			status: 'running',
			startedAt: new Date().toISOString(),
			progress: 0,
			errorMessage: null,
		});
		this.d.publish(jobId, { status: 'running', progress: 0, worker_id: workerId });
		this.d.emitSystemEvent('job_started', { job_id: jobId, worker_id: workerId });
		const request = engineRequest(job, audio, this.d.settings);
		return {
			job_id: jobId,
			priority: job.priority,
			model: request.model,
			audio: {
				filename: audio.filename,
				size_bytes: audio.sizeBytes,
				duration_seconds: audio.durationSeconds,
			},
			detect_speakers: request.detectSpeakers,
			source: request.source,
			local_speaker_name: request.localSpeakerName,
			speaker_count: request.speakerCount,
			options: request.options,
		};
	}

	/** The audio file of a job this worker holds. */
	audioFile(jobId: string, workerId: string): { file: string; audio: AudioFileRecord } {
		const job = this.owned(jobId, workerId);
		const audio = this.audio(job);
		return { file: this.d.dataDir.fromRelative(audio.relPath), audio };
	}

	/** Stores and pushes progress; answers whether the job was cancelled meanwhile. */
	progress(
		jobId: string,
		workerId: string,
		p: Omit<Progress, 'segments'> & { segments?: Segment[] },
	): boolean {
		this.owned(jobId, workerId);
		const progress = p.totalSeconds > 0 ? Math.min(0.99, p.doneSeconds / p.totalSeconds) : 0;
		if (Date.now() - (this.lastWrite.get(jobId) ?? 0) > PROGRESS_WRITE_MS) {
			this.lastWrite.set(jobId, Date.now());
			this.d.repos.jobs.update(jobId, { progress });
		}
		this.d.publish(jobId, {
			status: 'running',
			progress,
			done_seconds: p.doneSeconds,
			total_seconds: p.totalSeconds,
			...(p.segments
				? { segments: p.segments.map((s) => toSegment(toSegmentRecord(s), s.id)) }
				: {}),
		});
		return this.cancelling.has(jobId);
	}

	report(jobId: string, body: WorkerResultRequest): TranscriptionJobRecord {
		const job = this.owned(jobId, body.worker_id);
		const options = job.options as JobOptions & { refine_of?: string };
		const by = { worker_id: body.worker_id };
		switch (body.outcome) {
			case 'completed': {
				const result = body.result as TranscriptionResult;
				const transcript = storeTranscript(this.d.repos, {
					result,
					audioFileId: job.audioFileId,
					jobId,
					sessionId: options.refine_of ?? null,
					kind: options.refine_of ? 'refined' : 'file',
				});
				finishJob(
					this.d,
					jobId,
					{
						status: 'completed',
						progress: 1,
						transcriptId: transcript.id,
						modelUsed: result.model,
						language: result.language,
					},
					by,
				);
				break;
			}
			case 'failed':
				finishJob(this.d, jobId, { status: 'failed', errorMessage: body.message }, by);
				break;
			case 'cancelled':
				finishJob(this.d, jobId, { status: 'cancelled', errorMessage: 'Cancelled by request' }, by);
				break;
			case 'released':
				// The worker put the job back on the queue (it is shutting down): waiting again.
				this.d.repos.jobs.update(jobId, { status: 'pending', progress: 0, startedAt: null });
				this.d.publish(jobId, { status: 'pending', progress: 0 });
				break;
		}
		this.release(jobId);
		return this.d.repos.jobs.get(jobId)!;
	}

	/** BullMQ gave up on a job (stalled once too often, or failed on every attempt). */
	failed(jobId: string, reason: string): void {
		const job = this.d.repos.jobs.get(jobId);
		if (!job || (job.status !== 'pending' && job.status !== 'running')) return;
		this.d.logger.warn({ job_id: jobId, reason }, 'the queue gave up on a job');
		finishJob(this.d, jobId, {
			status: 'failed',
			errorMessage: `The job failed on the queue: ${reason}`,
		});
		this.release(jobId);
	}

	private release(jobId: string): void {
		const owner = this.claims.get(jobId);
		if (owner) this.workers.setJob(owner, jobId, false);
		this.claims.delete(jobId);
		this.cancelling.delete(jobId);
		this.lastWrite.delete(jobId);
	}

	private job(jobId: string): TranscriptionJobRecord {
		assertSafeId(jobId, 'job_id');
		const job = this.d.repos.jobs.get(jobId);
		if (!job) throw new NotFoundError('Transcription job', jobId);
		return job;
	}

	/**
	 * A running job this worker holds. After an API node restart the claims are forgotten: the
	 * first worker to report on a running job holds it again.
	 */
	private owned(jobId: string, workerId: string): TranscriptionJobRecord {
		const job = this.job(jobId);
		const owner = this.claims.get(jobId);
		if (job.status !== 'running' || (owner !== undefined && owner !== workerId)) {
			throw new ConflictError(
				`Job '${jobId}' is not running on worker '${workerId}' (it is ${job.status})`,
				'CONFLICT',
				{ status: job.status },
			);
		}
		if (!owner) this.claims.set(jobId, workerId);
		return job;
	}

	private audio(job: TranscriptionJobRecord): AudioFileRecord {
		const audio = job.audioFileId ? this.d.repos.recordings.get(job.audioFileId) : undefined;
		if (!audio) {
			finishJob(this.d, job.id, {
				status: 'failed',
				errorMessage: 'The audio of this job is gone',
			});
			throw new ConflictError(`The audio of job '${job.id}' is gone`, 'CONFLICT', {
				status: 'failed',
			});
		}
		return audio;
	}
}
