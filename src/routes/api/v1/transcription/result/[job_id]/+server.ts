import type { RequestHandler } from './$types';
import { json } from '$lib/server/http/respond';

export const GET: RequestHandler = ({ locals, params }) =>
	json(locals.ctx.transcription.result(params.job_id));
