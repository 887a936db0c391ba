import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

export const DELETE: RequestHandler = ({ locals, params }) => {
	const apiKey = locals.ctx.security.apiKeys.revoke(params.id);
	const { id, name, prefix } = apiKey;
	locals.ctx.emitSystemEvent('api_key_revoked', { id, name, prefix });
	return ok(`API key ${prefix}… revoked`, { api_key: apiKey });
};
