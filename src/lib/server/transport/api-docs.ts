import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The interactive API viewer (decision 0012): Swagger UI's prebuilt files, served from our own
 * origin, started by a script of ours (static/docs-init.js) so that no inline script is needed.
 */

const VERSION = '5.35.0';

/** The only files of the package we serve: names, never paths taken from the request. */
const ASSETS: Readonly<Record<string, string>> = {
	'swagger-ui.css': 'text/css; charset=utf-8',
	'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/**
 * The page policy of svelte.config.js (kit.csp), which SvelteKit adds to its own pages only:
 * this page is answered by a +server.ts, so it states the same policy itself, without nonces
 * (it has no inline script) and without WebAssembly (Swagger UI needs none).
 */
export const DOCS_CSP = [
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob:",
	"font-src 'self' data:",
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'",
].join('; ');

/** The viewer's HTML. Its links lead to the parts Swagger UI cannot show. */
export function docsPageHtml(): string {
	const asset = (name: string) => `/api/docs/assets/${name}?v=${VERSION}`;
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation · MeetingScribe</title>
<link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="${asset('swagger-ui.css')}">
<link rel="stylesheet" href="/docs-viewer.css">
</head>
<body>
<header class="ms-docs-bar">
<a href="/">MeetingScribe</a>
<nav aria-label="API documentation">
<a href="/api/docs/reference">Errors and realtime events</a>
<a href="/api/openapi.json">OpenAPI JSON</a>
</nav>
</header>
<main id="docs"><p class="ms-docs-loading">Loading the API documentation…</p></main>
<noscript><p>The interactive viewer needs JavaScript. The document itself is at <a href="/api/openapi.json">/api/openapi.json</a>; errors and events at <a href="/api/docs/reference">/api/docs/reference</a>.</p></noscript>
<script src="${asset('swagger-ui-bundle.js')}"></script>
<script src="/docs-init.js"></script>
</body>
</html>
`;
}

let packageDir: string | undefined;

function swaggerDir(): string {
	packageDir ??= path.dirname(
		createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
	);
	return packageDir;
}

/** One of the allowed files as a response, or undefined for any other name. */
export function docsAsset(name: string): Response | undefined {
	const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
	if (!type) return undefined;
	const file = path.join(swaggerDir(), name);
	const body = fs.readFileSync(file);
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-length': String(body.byteLength),
			// The URL carries the package's version, so a new version is a new URL.
			'cache-control': 'public, max-age=31536000, immutable',
		},
	});
}
