import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE } from '$lib/contracts/auth';
import { isDomainError } from '$lib/server/infra/errors';
import { safeNext, sessionCookieOptions, signIn } from '$lib/server/auth';

export const load: PageServerLoad = ({ locals, url }) => ({
	authRequired: locals.ctx.security.authRequired,
	signedIn: locals.auth !== null,
	/** A one-time token from the start-up link; it is spent only when the form is sent. */
	token: url.searchParams.get('token') ?? '',
	next: safeNext(url.searchParams.get('next')),
});

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const token = field(form, 'token');
		const apiKey = field(form, 'api_key');
		if (!token && !apiKey)
			return fail(400, { message: 'Paste an API key.', reason: 'missing' as const });
		try {
			const created = signIn(
				locals.ctx.security,
				token ? { token } : { api_key: apiKey },
				getClientAddress(),
			);
			const expires = new Date(created.session.expiresAt);
			cookies.set(SESSION_COOKIE, created.token, sessionCookieOptions(url, expires));
		} catch (e) {
			if (!isDomainError(e)) throw e;
			const limited = e.code === 'RATE_LIMITED';
			return fail(limited ? 429 : 401, {
				message: e.message,
				reason: limited ? ('rate_limited' as const) : ('refused' as const),
			});
		}
		redirect(303, safeNext(field(form, 'next')));
	},
};
