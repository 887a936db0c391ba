import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { principalIdentity } from '$lib/server/auth';

/** The caller's open sessions: pending, recording or stopping. */
export const GET: RequestHandler = ({ locals }) =>
	json(locals.ctx.recording.listActive(principalIdentity(locals.auth)));
