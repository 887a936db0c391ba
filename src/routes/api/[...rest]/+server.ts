import type { RequestHandler } from './$types';
import { NotFoundError } from '$lib/server/infra/errors';

/** Any /api path without a route: a 404 envelope, never the HTML error page. */
export const fallback: RequestHandler = ({ url }) => {
	throw new NotFoundError('API route', url.pathname);
};
