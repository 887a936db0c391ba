import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = async ({ locals }) => {
	const health = await locals.ctx.system.health();
	// Monitors read the status code: an unhealthy server answers 503.
	return json(health, health.status === 'error' ? 503 : 200);
};
