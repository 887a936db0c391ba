import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = async ({ locals }) => json(await locals.ctx.system.info());
