import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { buildOpenApiDocument } from '$lib/contracts/openapi/document';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET: RequestHandler = ({ locals }) => {
	cached ??= buildOpenApiDocument({ version: locals.ctx.version });
	return json(cached);
};
