import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

/** Whether this server asks for credentials, and whether this request carried valid ones. */
export const GET: RequestHandler = ({ locals }) => {
	const auth = locals.auth;
	const key = auth?.key ? { id: auth.key.id, name: auth.key.name, prefix: auth.key.prefix } : null;
	return ok(auth ? 'Authenticated' : 'Not authenticated', {
		auth_required: locals.ctx.security.authRequired,
		authenticated: auth !== null,
		method: auth?.method ?? null,
		key,
	});
};
