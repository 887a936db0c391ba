import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';
import { systemInfoResponse } from '$lib/server/system';

export const GET: RequestHandler = async ({ locals }) => json(await systemInfoResponse(locals.ctx));
