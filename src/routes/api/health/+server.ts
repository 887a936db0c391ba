import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

/** Liveness: answers as long as the process serves HTTP. Details are at /api/v1/system/health. */
export const GET: RequestHandler = () =>
	json({ status: 'healthy', timestamp: new Date().toISOString() });
