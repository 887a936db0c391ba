import type { RequestHandler } from './$types';
import { workerProgressRequestSchema } from '$lib/contracts/workers';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** Progress of a running job; the answer tells the worker whether it was cancelled. */
export const POST: RequestHandler = async ({ locals: { ctx }, params, request }) => {
	const body = await readJson(request, workerProgressRequestSchema);
	const cancel = ctx.transcription.remote.progress(params.job_id, body.worker_id, {
		doneSeconds: body.done_seconds,
		totalSeconds: body.total_seconds,
		segments: body.segments,
	});
	return ok(cancel ? 'The job was cancelled' : 'Progress stored', { cancel });
};
