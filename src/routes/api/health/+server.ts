import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

/** Liveness: answers as long as the process serves HTTP. Details are at /api/v1/system/health. */
export const GET: RequestHandler = () => ok('MeetingScribe is up', { status: 'healthy' });
