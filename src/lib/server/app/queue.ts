import type { AppConfig } from '../infra/config/env';
import type { Logger } from '../infra/logger';
import { BullMqQueue } from '../infra/queue/bullmq-queue';
import { InProcessQueue } from '../infra/queue/in-process-queue';
import type { JobQueue } from '../infra/queue/port';

export interface QueueHooks {
	/** BullMQ gave up on a job. */
	failed(id: string, reason: string): void;
	/** Redis is back after an outage (it may have lost the waiting jobs). */
	reconnected(): void;
}

/** The queue adapter the configuration asks for: BullMQ with REDIS_URL, else in process. */
export function createJobQueue(config: AppConfig, logger: Logger, hooks: QueueHooks): JobQueue {
	if (!config.REDIS_URL) return new InProcessQueue(config.JOB_CONCURRENCY);
	return new BullMqQueue({
		url: config.REDIS_URL,
		concurrency: config.JOB_CONCURRENCY,
		lockMs: config.QUEUE_LOCK_MS,
		logger,
		onFailed: (id, reason) => hooks.failed(id, reason),
		onReconnected: () => hooks.reconnected(),
	});
}
