import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { startRecordingRequestSchema } from '$lib/contracts/audio';
import { principalIdentity } from '$lib/server/auth';

export const POST: RequestHandler = async ({ locals, request }) => {
	const body = await readJson(request, startRecordingRequestSchema);
	const session = locals.ctx.recording.start(body, principalIdentity(locals.auth));
	return ok('Recording started', { session });
};
