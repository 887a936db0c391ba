import type { RequestHandler } from './$types';
import { json } from '$lib/server/http/respond';
import { systemStatus } from '$lib/server/services/system';

export const GET: RequestHandler = async ({ locals }) => json(await systemStatus(locals.ctx));
