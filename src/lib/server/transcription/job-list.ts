import type { TranscriptionJob } from '../../contracts/transcription';
import type { JobStatus } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { toJob } from './mapping';

export interface JobListQuery {
	page: number;
	page_size: number;
	status?: JobStatus[];
}

export interface JobPage {
	items: TranscriptionJob[];
	total_count: number;
	page: number;
	page_size: number;
}

/** A page of jobs, newest first, each naming its recording. */
export function listJobs(
	repos: Pick<Repositories, 'jobs' | 'recordings' | 'transcripts'>,
	query: JobListQuery,
): JobPage {
	const found = repos.jobs.list({ page: query.page, pageSize: query.page_size }, [
		...new Set(query.status ?? []),
	]);
	return {
		items: found.items.map((j) =>
			toJob(repos, j, j.audioFileId ? repos.recordings.get(j.audioFileId) : undefined),
		),
		total_count: found.totalCount,
		page: query.page,
		page_size: query.page_size,
	};
}
