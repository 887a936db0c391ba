import { isSafeId } from '$lib/contracts/ids';
import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getAppContext } from '$lib/server/app/context';
import { errorResponse, handleThrown } from '$lib/server/infra/http/respond';
import { finishResponse, guardRequest, isApiPath } from '$lib/server/transport/http-guard';
import { isLocale, LOCALE_COOKIE, parseAcceptLanguage, pickLocale } from '$lib/client/i18n';

export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const ctx = getAppContext();
	const incoming = event.request.headers.get('x-request-id');
	event.locals.ctx = ctx;
	event.locals.requestId = isSafeId(incoming) ? incoming : randomUUID();
	event.locals.logger = ctx.logger.child({ request_id: event.locals.requestId });

	const path = event.url.pathname;
	// Host, origin, size, authentication and rate limits (src/lib/server/security).
	const refused = guardRequest(event);
	// The page's language: the choice made in Settings, else the browser's (issue 15).
	const chosen = event.cookies.get(LOCALE_COOKIE);
	const locale = isLocale(chosen)
		? chosen
		: pickLocale(parseAcceptLanguage(event.request.headers.get('accept-language')));
	event.locals.locale = locale;
	let response =
		refused ??
		(await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('<html lang="en">', `<html lang="${locale}">`),
		}));

	if (isApiPath(path)) {
		// Routes throw domain errors; SvelteKit hands them to handleError, and the envelope is
		// built here, in one place, for every API route.
		if (event.locals.thrown) {
			response = handleThrown(
				{ path, requestId: event.locals.requestId, logger: event.locals.logger },
				event.locals.thrown.error,
			);
		} else if (response.status === 405) {
			response = errorResponse(
				'METHOD_NOT_ALLOWED',
				`${event.request.method} is not allowed on ${path}`,
				{ allow: response.headers.get('allow') },
			);
		}
	}
	finishResponse(event, response);
	response.headers.set('x-request-id', event.locals.requestId);

	// Only the path is logged: query strings can carry tokens.
	const line = {
		method: event.request.method,
		path,
		status: response.status,
		duration_ms: Math.round((performance.now() - started) * 10) / 10,
	};
	// The debug setting: every response says how long the server took, and pages are logged too.
	const debug = ctx.settings.get().debug;
	if (debug) response.headers.set('server-timing', `app;dur=${line.duration_ms}`);
	if (isApiPath(path) || debug) event.locals.logger.info(line, 'request');
	else event.locals.logger.debug(line, 'request');
	return response;
};

export const handleError: HandleServerError = ({ error, event }) => {
	event.locals.thrown = { error };
	if (!isApiPath(event.url.pathname)) {
		event.locals.logger?.error({ err: error }, 'unhandled error while rendering a page');
	}
	return { message: 'An unexpected error occurred.', request_id: event.locals.requestId };
};
