import type { RequestHandler } from './$types';
import { workerHeartbeatSchema } from '$lib/contracts/workers';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** A worker says it is alive, what it can run and what it is running (every few seconds). */
export const POST: RequestHandler = async ({ locals: { ctx }, request }) => {
	const body = await readJson(request, workerHeartbeatSchema);
	ctx.transcription.remote.workers.beat(body);
	return ok('Heartbeat received');
};
