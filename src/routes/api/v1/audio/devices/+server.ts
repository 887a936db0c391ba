import type { RequestHandler } from './$types';
import { json } from '$lib/server/infra/http/respond';

/** Devices announced by connected capture clients (capture:hello), each with its client_id. */
export const GET: RequestHandler = ({ locals }) => json(locals.ctx.recording.devices.list());
