import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

export const DELETE: RequestHandler = ({ locals, params }) => {
	const job = locals.ctx.transcription.cancel(params.job_id);
	return ok(job.status === 'cancelled' ? 'Job cancelled' : 'Job is being cancelled', { job });
};
