import { RateLimitedError } from '../infra/errors';
import type { TranscriptionDeps } from './deps';

/**
 * Roughly how long to wait before asking again: queued jobs leave the queue one by one, at the
 * pace of the engine; a fixed hint is honest enough and keeps clients from hammering.
 */
export const QUEUE_RETRY_AFTER_S = 30;

/**
 * Refuses a new job when the queue already holds MAX_PENDING_JOBS pending jobs, or
 * MAX_PENDING_JOBS_PER_IDENTITY from this identity: one client cannot fill the queue for all.
 */
export function assertQueueRoom(
	d: Pick<TranscriptionDeps, 'repos' | 'config'>,
	submittedBy: string | null,
): void {
	const { MAX_PENDING_JOBS: total, MAX_PENDING_JOBS_PER_IDENTITY: mine } = d.config;
	if (d.repos.jobs.countPending() >= total) {
		throw new RateLimitedError(
			`${total} transcription jobs are already waiting: try again later`,
			QUEUE_RETRY_AFTER_S,
		);
	}
	if (d.repos.jobs.countPending(submittedBy) >= mine) {
		throw new RateLimitedError(
			`${mine} of your transcription jobs are already waiting: try again when one has started`,
			QUEUE_RETRY_AFTER_S,
		);
	}
}
