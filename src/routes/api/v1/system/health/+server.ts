import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { systemHealth } from '$lib/server/system';

export const GET: RequestHandler = async ({ locals }) => {
	const health = await systemHealth(locals.ctx);
	// Monitors read the status code: an unhealthy server answers 503.
	return json(health, health.status === 'error' ? 503 : 200);
};
