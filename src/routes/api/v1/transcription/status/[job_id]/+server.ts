import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, params }) =>
	json(locals.ctx.transcription.status(params.job_id));
