import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals }) =>
	json({
		message: 'MeetingScribe API',
		version: locals.ctx.version,
		status: 'running',
		docs: '/api/docs',
	});
