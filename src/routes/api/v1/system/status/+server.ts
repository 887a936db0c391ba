import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { systemStatus } from '$lib/server/system';

export const GET: RequestHandler = async ({ locals }) => json(await systemStatus(locals.ctx));
