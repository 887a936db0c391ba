import type { RequestHandler } from './$types';
import { workerClaimRequestSchema } from '$lib/contracts/workers';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** A worker took this job from the queue: it runs now, and here is what to run. */
export const POST: RequestHandler = async ({ locals: { ctx }, params, request }) => {
	const body = await readJson(request, workerClaimRequestSchema);
	const job = ctx.transcription.remote.claim(params.job_id, body.worker_id);
	return ok('Job claimed', { job });
};
