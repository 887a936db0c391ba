import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import {
	bullPriority,
	DEFAULT_LOCK_MS,
	MAX_STALLED,
	redactRedisUrl,
	redisConnection,
	retryDelay,
	TRANSCRIBE_JOB,
	TRANSCRIPTION_QUEUE,
	type QueuedJobData,
} from './bullmq-shared';
import type { JobHandler, JobQueue } from './port';

export interface BullMqQueueOptions {
	url: string;
	/** Jobs this process runs itself; 0: it only enqueues (remote workers run them). */
	concurrency: number;
	logger: Logger;
	lockMs?: number;
	/** BullMQ gave up on a job (stalled twice, or a worker threw): the service fails its record. */
	onFailed(id: string, reason: string): void;
	/** Redis answers again after an outage; it may have restarted empty. */
	onReconnected?(): void;
}

/**
 * The Redis adapter: jobs go on a BullMQ queue that `meetingscribe worker` processes (and this
 * process too when concurrency > 0). The job id is the BullMQ job id, so enqueueing is
 * idempotent and a cancel can remove it.
 */
export class BullMqQueue implements JobQueue {
	private readonly client: Redis;
	private readonly queue: Queue<QueuedJobData>;
	private readonly events: QueueEvents;
	private worker: Worker<QueuedJobData> | undefined;
	private readonly running = new Map<string, AbortController>();
	private readonly queued = new Set<string>();
	private readonly log: Logger;
	private redisDown = false;
	readonly distributed = true;

	constructor(private readonly o: BullMqQueueOptions) {
		this.log = o.logger.child({ queue: TRANSCRIPTION_QUEUE });
		const connection = redisConnection(o.url);
		// Our own client for the queue, to hear when Redis comes back after an outage.
		this.client = new Redis(o.url, { maxRetriesPerRequest: null, retryStrategy: retryDelay });
		this.client.on('ready', () => this.redisBack());
		this.client.on('error', (e) => this.redisError(e));
		this.client.on('reconnecting', () => this.redisError(new Error('connection lost')));
		this.queue = new Queue(TRANSCRIPTION_QUEUE, { connection: this.client });
		this.events = new QueueEvents(TRANSCRIPTION_QUEUE, { connection });
		this.queue.on('error', (e) => this.redisError(e));
		this.events.on('error', (e) => this.redisError(e));
		this.events.on('failed', ({ jobId, failedReason }) => {
			this.queued.delete(jobId);
			o.onFailed(jobId, failedReason);
		});
		this.events.on('active', ({ jobId }) => this.queued.delete(jobId));
		this.events.on('removed', ({ jobId }) => this.queued.delete(jobId));
	}

	get size(): number {
		return this.queued.size;
	}

	get active(): number {
		return this.running.size;
	}

	enqueue(id: string, priority: number): void {
		this.queued.add(id);
		this.queue
			.add(
				TRANSCRIBE_JOB,
				{ jobId: id },
				{
					jobId: id,
					priority: bullPriority(priority),
					// A worker without the job's model hands it on; see the worker command.
					attempts: 3,
					backoff: { type: 'fixed', delay: 500 },
					removeOnComplete: { count: 1000 },
					removeOnFail: { count: 1000 },
				},
			)
			.catch((e: unknown) => {
				this.queued.delete(id);
				this.log.error({ err: e, job_id: id }, 'could not enqueue a job on Redis');
				this.o.onFailed(id, `Could not queue the job on Redis: ${(e as Error).message}`);
			});
	}

	remove(id: string): boolean {
		this.queued.delete(id);
		// A locked (active) job refuses removal: its worker learns of the cancel when it reports.
		this.queue.remove(id).catch(() => {});
		return true;
	}

	abort(id: string): boolean {
		const controller = this.running.get(id);
		controller?.abort();
		return controller !== undefined;
	}

	isQueued(id: string): boolean {
		return this.queued.has(id);
	}

	isRunning(id: string): boolean {
		return this.running.has(id);
	}

	start(handler: JobHandler): void {
		if (this.o.concurrency < 1 || this.worker) return;
		const lockDuration = this.o.lockMs ?? DEFAULT_LOCK_MS;
		this.worker = new Worker<QueuedJobData>(
			TRANSCRIPTION_QUEUE,
			async (job: Job<QueuedJobData>) => {
				const id = job.data.jobId;
				const controller = new AbortController();
				this.running.set(id, controller);
				try {
					await handler(id, controller.signal);
				} finally {
					this.running.delete(id);
				}
			},
			{
				connection: redisConnection(this.o.url),
				concurrency: this.o.concurrency,
				lockDuration,
				stalledInterval: lockDuration,
				maxStalledCount: MAX_STALLED,
			},
		);
		this.worker.on('error', (e) => this.redisError(e));
	}

	async stop(): Promise<void> {
		for (const c of this.running.values()) c.abort();
		await this.worker?.close().catch(() => {});
		await Promise.all([this.events.close(), this.queue.close()].map((p) => p.catch(() => {})));
		this.client.disconnect();
	}

	/** One line per outage, not one per retry. */
	private redisError(e: Error): void {
		if (this.redisDown) return;
		this.redisDown = true;
		this.log.warn(
			{ redis: redactRedisUrl(this.o.url), err: e.message },
			'Redis is unreachable; retrying with back-off',
		);
	}

	private redisBack(): void {
		if (!this.redisDown) return;
		this.redisDown = false;
		this.log.info({ redis: redactRedisUrl(this.o.url) }, 'Redis is reachable again');
		this.o.onReconnected?.();
	}
}
