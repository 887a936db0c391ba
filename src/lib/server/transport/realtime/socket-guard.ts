import type { IncomingMessage } from 'node:http';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { ErrorCode } from '../../../contracts/errors';
import type { AppContext } from '../../app/context';
import { readCredentials } from '../../auth';
import { isCrossOrigin, isLoopbackHost } from '../../auth';

/** What a socket authenticated as, kept in `socket.data.auth`. */
export interface SocketAuth {
	keyId: string | null;
	sessionId: string | null;
}

/** What the server keeps on each socket (`socket.data`): set by the auth middleware. */
export interface SocketData {
	auth?: SocketAuth | null;
}
type GuardedSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
type GuardedNamespace = Namespace<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

type Refusal = Error & { data: { error_code: ErrorCode; message: string } };

function refusal(code: ErrorCode, message: string): Refusal {
	return Object.assign(new Error(message), { data: { error_code: code, message } });
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Engine.IO's gate, before any namespace: the same host rule as HTTP, and browsers from other
 * origins only when CORS_ORIGINS lists them (WebSockets are not covered by CORS).
 */
export function socketRequestGate(ctx: AppContext) {
	return (
		req: IncomingMessage,
		callback: (err: string | null | undefined, ok: boolean) => void,
	) => {
		const { host, origin } = req.headers;
		const site = first(req.headers['sec-fetch-site']);
		if (!ctx.security.authRequired && !isLoopbackHost(host)) {
			return callback('Host not allowed', false);
		}
		if (isCrossOrigin(origin, site, host) && !(origin && ctx.security.origins.allows(origin))) {
			return callback('Origin not allowed', false);
		}
		callback(null, true);
	};
}

/** The `cors` option of the Socket.IO server: listed origins only. */
export function socketCors(ctx: AppContext) {
	return {
		origin: (
			origin: string | undefined,
			cb: (err: Error | null, allow?: string | boolean) => void,
		) => cb(null, origin !== undefined && ctx.security.origins.allows(origin) ? origin : false),
	};
}

/**
 * Namespace middleware: the handshake must carry an API key (`auth: {token}`, `Authorization:
 * Bearer` or `X-API-Key`) or the session cookie, checked like a REST request.
 */
export function socketAuthMiddleware(ctx: AppContext) {
	return (socket: GuardedSocket, next: (err?: Error) => void) => {
		const sec = ctx.security;
		const hs = socket.handshake;
		const header = (name: string) => first(hs.headers[name]);
		const token = (hs.auth as { token?: unknown } | undefined)?.token;
		const creds = readCredentials(header, token);
		const address = hs.address;
		const outcome = sec.authenticate(creds);
		// Only failures count, and only failures are refused: a valid key always goes through.
		if (!outcome.ok && outcome.reason === 'bad_key' && !sec.authLimiter.take(address).allowed) {
			return next(refusal('RATE_LIMITED', 'Too many failed authentication attempts'));
		}
		if (!outcome.ok && sec.authRequired) {
			return next(refusal('UNAUTHORIZED', 'Authentication required: a valid API key or session'));
		}
		if (outcome.ok && outcome.principal.key?.scope === 'worker') {
			return next(refusal('FORBIDDEN', 'A worker key serves the worker protocol only'));
		}
		const crossOrigin = isCrossOrigin(header('origin'), header('sec-fetch-site'), header('host'));
		if (outcome.ok && outcome.principal.method === 'session' && crossOrigin) {
			return next(refusal('FORBIDDEN', 'A session cookie is not accepted cross-origin'));
		}
		const principal = outcome.ok ? outcome.principal : undefined;
		const identity = principal
			? principal.key
				? `key:${principal.key.id}`
				: `session:${principal.sessionId}`
			: `addr:${address}`;
		if (!sec.limiter.take(identity).allowed) {
			return next(refusal('RATE_LIMITED', 'Too many requests'));
		}
		const auth: SocketAuth | null = principal
			? { keyId: principal.key?.id ?? null, sessionId: principal.sessionId }
			: null;
		socket.data.auth = auth;
		next();
	};
}

/** Revoking a key or ending a session disconnects the sockets that used it, at once. */
export function disconnectOnRevoke(ctx: AppContext, namespaces: GuardedNamespace[]): () => void {
	const drop = (match: (a: SocketAuth) => boolean) => {
		for (const nsp of namespaces) {
			for (const socket of nsp.sockets.values()) {
				const auth = socket.data.auth;
				if (auth && match(auth)) socket.disconnect(true);
			}
		}
	};
	const offKey = ctx.security.apiKeys.onRevoke((id) => drop((a) => a.keyId === id));
	const offSession = ctx.security.sessions.onEnd((id) => drop((a) => a.sessionId === id));
	return () => {
		offKey();
		offSession();
	};
}
