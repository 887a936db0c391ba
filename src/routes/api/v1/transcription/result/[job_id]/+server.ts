import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, params }) =>
	ok('Transcription result', locals.ctx.transcription.result(params.job_id));
