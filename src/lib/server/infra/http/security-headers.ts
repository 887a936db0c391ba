/**
 * Headers for every response (pages, API, static files). Pages get their Content-Security-Policy
 * from SvelteKit (kit.csp in svelte.config.js, with per-response nonces); anything else that has
 * none gets a policy that allows nothing, since JSON and files need no scripts.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	// Recording needs the microphone and tab capture, from this origin only.
	'permissions-policy':
		'microphone=(self), display-capture=(self), camera=(), geolocation=(), payment=(), usb=()',
	'cross-origin-opener-policy': 'same-origin',
};

export const FALLBACK_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(headers: Headers): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	if (!headers.has('content-security-policy')) headers.set('content-security-policy', FALLBACK_CSP);
}
