/**
 * Who may call from a browser. Same-origin requests are always fine; other origins only when
 * CORS_ORIGINS lists them (or lists `*`). The HTTP hook and the Socket.IO server share this.
 */
export class OriginPolicy {
	private readonly allowed: Set<string>;
	private readonly any: boolean;

	constructor(origins: readonly string[]) {
		this.allowed = new Set(origins.filter((o) => o !== '*'));
		this.any = origins.includes('*');
	}

	/** Whether a cross-origin caller from `origin` may read API responses. */
	allows(origin: string): boolean {
		// "null" is any sandboxed frame or local file: never a caller anyone meant to list.
		if (origin === 'null') return false;
		return this.any || this.allowed.has(origin);
	}
}

/** True when `origin` (an Origin header) names the host the request was sent to. */
export function isSameOrigin(origin: string, host: string | undefined | null): boolean {
	if (!host) return false;
	try {
		return new URL(origin).host === host.toLowerCase();
	} catch {
		// "null" (sandboxed frames, file:) and garbage are never the same origin.
		return false;
	}
}

/**
 * Whether a request comes from another origin's page. `Sec-Fetch-Site` decides when the
 * browser sent it: with `Referrer-Policy: no-referrer` browsers send `Origin: null` even on
 * same-origin form posts and fetches, so the Origin alone would refuse our own pages. Without
 * it (older browsers, non-browser clients), a present Origin must name the host.
 */
export function isCrossOrigin(
	origin: string | null | undefined,
	fetchSite: string | null | undefined,
	host: string | null | undefined,
): boolean {
	if (fetchSite === 'same-origin' || fetchSite === 'none') return false;
	if (fetchSite === 'same-site' || fetchSite === 'cross-site') return true;
	return !!origin && !isSameOrigin(origin, host);
}

const LOOPBACK_HOST = /^(localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Whether a Host header (name and optional port) is a loopback name. Without authentication
 * the server answers only to these, so a web page cannot reach it through a DNS name that
 * points at 127.0.0.1 (DNS rebinding).
 */
export function isLoopbackHost(host: string | undefined | null): boolean {
	if (!host) return false;
	const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
	return LOOPBACK_HOST.test(name ?? '');
}
