import type { TranscriptionJobRecord } from '../infra/db/records';
import type { TranscriptionDeps } from './deps';

/** Ends a job: stores its final state, pushes it to listeners and announces it. */
export function finishJob(
	d: Pick<TranscriptionDeps, 'repos' | 'publish' | 'emitSystemEvent'>,
	jobId: string,
	patch: Partial<TranscriptionJobRecord>,
	extra: Record<string, unknown> = {},
): void {
	d.repos.jobs.update(jobId, { ...patch, completedAt: new Date().toISOString() });
	const job = d.repos.jobs.get(jobId)!;
	d.publish(jobId, {
		status: job.status,
		progress: job.progress,
		error_message: job.errorMessage,
		transcription_id: job.transcriptId,
	});
	d.emitSystemEvent(`job_${job.status}`, { job_id: jobId, ...extra });
}
