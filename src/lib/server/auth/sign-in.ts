import type { Security } from './security';
import { ForbiddenError, RateLimitedError, UnauthorizedError } from '../infra/errors';
import type { NewSession } from './sessions';

export interface SignInInput {
	api_key?: string;
	token?: string;
}

/**
 * Exchanges an API key or a one-time link token for a browser session. Failures count against
 * the address's authentication limit; past it, failures are refused with 429, but a valid key or
 * link still signs in (someone else's guessing must not lock the owner out).
 */
export function signIn(security: Security, input: SignInInput, address: string): NewSession {
	if (input.token !== undefined && security.signInLinks.consume(input.token)) {
		return security.sessions.create(null);
	}
	const key = input.api_key === undefined ? undefined : security.apiKeys.verify(input.api_key);
	if (key?.scope === 'worker') {
		throw new ForbiddenError('A worker key cannot sign in: it is for `meetingscribe worker` only');
	}
	if (key) return security.sessions.create(key.id);
	const gate = security.authLimiter.take(address);
	if (!gate.allowed) {
		throw new RateLimitedError('Too many failed sign-in attempts', gate.retryAfterSeconds);
	}
	throw new UnauthorizedError(
		input.token !== undefined
			? 'This sign-in link is invalid, expired or already used'
			: 'Invalid or revoked API key',
	);
}

/** Options for the session cookie: script-proof, same-site only, Secure whenever served over https. */
export function sessionCookieOptions(url: URL, expires: Date) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'strict' as const,
		secure: url.protocol === 'https:',
		expires,
	};
}

/** Only local paths: never an open redirect to another site. */
export function safeNext(next: unknown): string {
	return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
