import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { createApiKeyRequestSchema } from '$lib/contracts/auth';

export const GET: RequestHandler = ({ locals }) => {
	const keys = locals.ctx.security.apiKeys.list();
	return ok(`${keys.length} API key(s)`, { keys, total_count: keys.length });
};

export const POST: RequestHandler = async ({ locals, request }) => {
	const { name } = await readJson(request, createApiKeyRequestSchema);
	const { apiKey, secret } = locals.ctx.security.apiKeys.create(name);
	const { id, prefix } = apiKey;
	locals.ctx.emitSystemEvent('api_key_created', { id, name: apiKey.name, prefix });
	return ok(
		'API key created. Copy it now: it is not shown again.',
		{ api_key: apiKey, secret },
		201,
		{ 'cache-control': 'no-store' },
	);
};
