import type { RequestHandler } from './$types';
import { WORKER_RESULT_LIMIT_BYTES, workerResultRequestSchema } from '$lib/contracts/workers';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** How a job ended on a worker: completed (with the engine's result), failed, cancelled or released. */
export const POST: RequestHandler = async ({ locals: { ctx }, params, request }) => {
	const body = await readJson(request, workerResultRequestSchema, WORKER_RESULT_LIMIT_BYTES);
	ctx.transcription.remote.report(params.job_id, body);
	return ok(`Job ${body.outcome}`, { job: ctx.transcription.status(params.job_id) });
};
