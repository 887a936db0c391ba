import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';
import { principalIdentity } from '$lib/server/auth';

export const GET: RequestHandler = ({ locals, params }) =>
	ok('Recording session', {
		session: locals.ctx.recording.get(params.id, principalIdentity(locals.auth)),
	});

/** Cancels an open session; its audio is discarded. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
	const session = await locals.ctx.recording.cancel(params.id, principalIdentity(locals.auth));
	return ok('Recording cancelled; its audio was discarded', { session });
};
