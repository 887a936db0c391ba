import type { ConnectionOptions } from 'bullmq';

/** What the API node and `meetingscribe worker` agree on. */
export const TRANSCRIPTION_QUEUE = 'meetingscribe-transcription';
export const TRANSCRIBE_JOB = 'transcribe';

/** The payload on Redis: only the id; the job itself lives in the API node's database. */
export interface QueuedJobData {
	jobId: string;
}

/**
 * A worker that dies (SIGKILL, power) loses its lock after this long; the stall check then hands
 * the job to another worker, once (maxStalledCount 1), and fails it the second time.
 */
export const DEFAULT_LOCK_MS = 30_000;
export const MAX_STALLED = 1;

/** BullMQ runs priority 1 first; ours runs the higher number first. Every job gets one. */
export function bullPriority(priority: number): number {
	return Math.min(2_097_152, Math.max(1, 1000 - Math.round(priority)));
}

/** Reconnect back-off: 0.5 s more per try, at most 5 s. */
export const retryDelay = (times: number): number => Math.min(times * 500, 5000);

/**
 * One Redis connection setting for queues and workers. BullMQ's blocking commands need
 * `maxRetriesPerRequest: null`; ioredis reconnects with back-off by itself.
 */
export function redisConnection(url: string): ConnectionOptions {
	return {
		url,
		maxRetriesPerRequest: null,
		retryStrategy: retryDelay,
	};
}

/** The URL without its password, for logs and status. */
export function redactRedisUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'redis://(unparseable)';
	}
}
