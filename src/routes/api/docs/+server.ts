import type { RequestHandler } from './$types';
import { DOCS_CSP, docsPageHtml } from '$lib/server/transport/api-docs';

export const GET: RequestHandler = () =>
	new Response(docsPageHtml(), {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': DOCS_CSP,
			'cache-control': 'no-cache',
		},
	});
