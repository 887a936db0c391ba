import type { RequestHandler } from './$types';
import { jobListQuerySchema } from '$lib/contracts/transcription';
import { ok, readQuery } from '$lib/server/infra/http/respond';

/** Transcription jobs, newest first, optionally only some statuses. */
export const GET: RequestHandler = ({ locals, url }) => {
	const { items, ...page } = locals.ctx.transcription.list(readQuery(url, jobListQuerySchema));
	return ok(`${page.total_count} job(s)`, { jobs: items, ...page });
};
