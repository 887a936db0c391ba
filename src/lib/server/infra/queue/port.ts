/**
 * The job queue port. Jobs themselves are persisted by their service (SQLite stays the source
 * of truth); a queue only decides what runs next, where and when. Two adapters: InProcessQueue
 * (the default, one process) and BullMqQueue (Redis, several machines; see
 * docs/decisions/0014-workers-on-bullmq.md).
 */
export type JobHandler = (id: string, signal: AbortSignal) => Promise<void>;

export interface JobQueue {
	/** Adds a job id; higher priority runs first, then first in, first out. Idempotent. */
	enqueue(id: string, priority: number): void;
	/**
	 * Removes a queued job. In process the answer is exact; on Redis the removal is sent and the
	 * answer is true (a worker that took the job meanwhile finds it cancelled when it claims it).
	 */
	remove(id: string): boolean;
	/** Aborts a job running in this process; false when it is not running here. */
	abort(id: string): boolean;
	isQueued(id: string): boolean;
	/** Running in this process (jobs on remote workers are the service's business). */
	isRunning(id: string): boolean;
	/**
	 * Jobs outlive this process (Redis): a job `running` in the database may be running on
	 * another machine, so a restart must not reset it.
	 */
	readonly distributed: boolean;
	readonly size: number;
	readonly active: number;
	/** Starts taking jobs; the handler runs each one (errors are the handler's business). */
	start(handler: JobHandler): void;
	/** Stops taking jobs, aborts running ones and waits for their handlers to return. */
	stop(): Promise<void>;
}
