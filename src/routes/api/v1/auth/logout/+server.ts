import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';
import { SESSION_COOKIE } from '$lib/contracts/auth';

export const POST: RequestHandler = ({ locals, cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) locals.ctx.security.sessions.end(token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return ok('Signed out');
};
