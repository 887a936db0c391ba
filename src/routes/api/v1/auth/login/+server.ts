import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { loginRequestSchema, SESSION_COOKIE } from '$lib/contracts/auth';
import { sessionCookieOptions, signIn } from '$lib/server/auth';

/** Exchanges an API key or a one-time link token for the session cookie. */
export const POST: RequestHandler = async ({ locals, request, cookies, url, getClientAddress }) => {
	const input = await readJson(request, loginRequestSchema);
	const { token, session } = signIn(locals.ctx.security, input, getClientAddress());
	const expires = new Date(session.expiresAt);
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, expires));
	return ok('Signed in', { expires_at: session.expiresAt });
};
