import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

/** The service builds the envelope (the CLI prints the same object). */
export const GET: RequestHandler = async ({ locals }) => json(await locals.ctx.system.status());
