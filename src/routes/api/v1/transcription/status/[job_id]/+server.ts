import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, params }) => {
	const job = locals.ctx.transcription.status(params.job_id);
	return ok(`Job is ${job.status}`, job);
};
