import type { PageServerLoad } from './$types';
import { buildOpenApiDocument } from '$lib/contracts/openapi/document';
import type { OpenApiDocument } from '$lib/components/api-docs/openapi-types';

export const load: PageServerLoad = ({ locals }) => ({
	doc: buildOpenApiDocument({ version: locals.ctx.version }) as unknown as OpenApiDocument,
});
