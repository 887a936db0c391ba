import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../../contracts/auth';
import type { ErrorCode } from '../../contracts/errors';
import { errorResponse } from '../infra/http/respond';
import { readCredentials } from '../auth';
import { applySecurityHeaders } from '../infra/http/security-headers';
import { isCrossOrigin, isLoopbackHost } from '../auth';
import type { Principal, RateDecision } from '../auth';

export const JSON_BODY_LIMIT = 1024 * 1024;
export const DOCS_PATH = '/api/docs';
/** Pages under /api that send a visitor without credentials to /login instead of a 401. */
const DOCS_PAGES = new Set([DOCS_PATH, `${DOCS_PATH}/reference`]);
export const WORKERS_PATH = '/api/v1/workers';

/** Reachable without credentials even when keys are required. */
const PUBLIC_PATHS = new Set([
	'/api',
	'/api/health',
	'/api/v1/auth/login',
	'/api/v1/auth/logout',
	'/api/v1/auth/session',
	'/login',
]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BOUNDED_TYPES = /^(application\/([\w.+-]*\+)?json|application\/x-www-form-urlencoded)\b/i;
const EXPOSED_HEADERS =
	'x-request-id, retry-after, content-disposition, content-range, accept-ranges, content-length';

export const isApiPath = (path: string) =>
	path === '/api' || path.startsWith('/api/') || path === '/v1' || path.startsWith('/v1/');

function refuse(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
	const response = errorResponse(code, message);
	for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
	return response;
}

function rateLimited(decision: RateDecision, message: string): Response {
	const response = errorResponse('RATE_LIMITED', message, {
		retry_after_seconds: decision.retryAfterSeconds,
	});
	response.headers.set('retry-after', String(decision.retryAfterSeconds));
	return response;
}

function clientAddress(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

const UNAUTHORIZED_MESSAGES = {
	missing:
		'Authentication required: send an API key as "Authorization: Bearer <key>" or "X-API-Key", or sign in at /login',
	bad_key: 'Invalid or revoked API key',
	bad_session: 'Your session has expired or was revoked: sign in again',
} as const;

/**
 * Everything a request must pass before its route runs: host and origin checks, CORS preflight,
 * body size, authentication and rate limits. Returns the refusal, or undefined to go on; sets
 * `locals.auth` either way.
 */
export function guardRequest(event: RequestEvent): Response | undefined {
	const { request, url, locals } = event;
	const sec = locals.ctx.security;
	const path = url.pathname;
	const api = isApiPath(path);
	const origin = request.headers.get('origin');
	const foreign = isCrossOrigin(origin, request.headers.get('sec-fetch-site'), url.host);
	const unsafe = !SAFE_METHODS.has(request.method);
	locals.auth = null;

	// The Host the client sent, not url.host (which ORIGIN may fix to a configured value).
	if (!sec.authRequired && !isLoopbackHost(request.headers.get('host') ?? url.host)) {
		return refuse(
			'FORBIDDEN',
			'Without API keys this server answers only to localhost. Set REQUIRE_AUTH=true to serve it under another name.',
		);
	}
	if (
		foreign &&
		request.method === 'OPTIONS' &&
		request.headers.has('access-control-request-method')
	) {
		if (api && origin && sec.origins.allows(origin)) return preflight(origin, request);
		return refuse('FORBIDDEN', `Origin ${origin} is not allowed (see CORS_ORIGINS)`);
	}
	// Browsers send simple cross-origin POSTs without asking first; only listed origins may write.
	if (foreign && unsafe && !(api && origin && sec.origins.allows(origin))) {
		return refuse('FORBIDDEN', `Cross-origin ${request.method} from ${origin} is not allowed`);
	}
	const declared = Number(request.headers.get('content-length') ?? 0);
	// A worker's result (a long meeting with word timings) is allowed more; its route checks it.
	const workerResult = /^\/api\/v1\/workers\/jobs\/[^/]+\/result$/.test(path);
	if (
		!workerResult &&
		declared > JSON_BODY_LIMIT &&
		BOUNDED_TYPES.test(request.headers.get('content-type') ?? '')
	) {
		return errorResponse('PAYLOAD_TOO_LARGE', `Request body exceeds ${JSON_BODY_LIMIT} bytes`, {
			limit_bytes: JSON_BODY_LIMIT,
		});
	}

	const address = clientAddress(event);
	const creds = readCredentials((name) => request.headers.get(name));
	const outcome = sec.authenticate(creds);
	if (outcome.ok) locals.auth = outcome.principal;
	else if (outcome.reason === 'bad_key') {
		// Only failures count, and only failures are refused: a valid key always goes through.
		const gate = sec.authLimiter.take(address);
		if (!gate.allowed) return rateLimited(gate, 'Too many failed authentication attempts');
	}

	const scopeRefusal = checkScope(path, outcome.ok ? outcome.principal : null);
	if (scopeRefusal) return scopeRefusal;
	if (!outcome.ok && sec.authRequired && !PUBLIC_PATHS.has(path)) {
		if (!api || DOCS_PAGES.has(path)) return toLogin(url, outcome.reason === 'bad_session');
		return refuse('UNAUTHORIZED', UNAUTHORIZED_MESSAGES[outcome.reason], {
			'www-authenticate': 'Bearer realm="MeetingScribe"',
		});
	}
	// The cookie authorizes this origin's own pages only; other origins must send a key.
	if (outcome.ok && outcome.principal.method === 'session' && foreign && unsafe) {
		return refuse('FORBIDDEN', 'A session cookie is not accepted cross-origin: send an API key');
	}

	const identity = !outcome.ok
		? `addr:${address}`
		: outcome.principal.key
			? `key:${outcome.principal.key.id}`
			: `session:${outcome.principal.sessionId}`;
	const gate = sec.limiter.take(identity);
	if (!gate.allowed)
		return rateLimited(gate, `More than ${sec.limiter.perMinute} requests a minute`);
	return undefined;
}

/**
 * Worker keys reach the worker protocol and nothing else; the worker protocol answers worker
 * keys only, even on a loopback server that needs no key for the rest.
 */
function checkScope(path: string, principal: Principal | null): Response | undefined {
	const workerPath = path === WORKERS_PATH || path.startsWith(`${WORKERS_PATH}/`);
	const workerKey = principal?.key?.scope === 'worker';
	if (workerKey && !workerPath) {
		return refuse('FORBIDDEN', `A worker key can only use the worker protocol (${WORKERS_PATH})`);
	}
	if (workerPath && !workerKey) {
		if (!principal) {
			return refuse('UNAUTHORIZED', 'The worker protocol needs a worker key', {
				'www-authenticate': 'Bearer realm="MeetingScribe"',
			});
		}
		return refuse(
			'FORBIDDEN',
			'The worker protocol needs a worker key (meetingscribe keys create --scope worker)',
		);
	}
	return undefined;
}

function toLogin(url: URL, clearCookie: boolean): Response {
	const here = url.pathname + url.search;
	const headers = new Headers({
		location: here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`,
	});
	if (clearCookie) {
		headers.append(
			'set-cookie',
			`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
		);
	}
	return new Response(null, { status: 303, headers });
}

function preflight(origin: string, request: Request): Response {
	return new Response(null, {
		status: 204,
		headers: {
			'access-control-allow-origin': origin,
			'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
			'access-control-allow-headers':
				request.headers.get('access-control-request-headers') ??
				'authorization, x-api-key, content-type',
			'access-control-max-age': '600',
			vary: 'origin, access-control-request-headers',
		},
	});
}

/** Security headers on every response; CORS headers for listed origins on API responses. */
export function finishResponse(event: RequestEvent, response: Response): void {
	applySecurityHeaders(response.headers);
	const { headers } = event.request;
	const origin = headers.get('origin');
	if (!origin || !isApiPath(event.url.pathname)) return;
	if (!isCrossOrigin(origin, headers.get('sec-fetch-site'), event.url.host)) return;
	response.headers.append('vary', 'origin');
	if (!event.locals.ctx.security.origins.allows(origin)) return;
	response.headers.set('access-control-allow-origin', origin);
	response.headers.set('access-control-expose-headers', EXPOSED_HEADERS);
}
