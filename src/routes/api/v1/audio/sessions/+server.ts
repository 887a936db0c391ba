import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

/** Open sessions: pending, recording or stopping. */
export const GET: RequestHandler = ({ locals }) => json(locals.ctx.recording.listActive());
