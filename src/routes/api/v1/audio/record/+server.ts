import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { startRecordingRequestSchema } from '$lib/contracts/audio';

export const POST: RequestHandler = async ({ locals, request }) => {
	const body = await readJson(request, startRecordingRequestSchema);
	const session = locals.ctx.recording.start(body);
	return ok('Recording started', { session });
};
