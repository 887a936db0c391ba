import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals }) =>
	ok('MeetingScribe API', { version: locals.ctx.version, status: 'running', docs: '/api/docs' });
