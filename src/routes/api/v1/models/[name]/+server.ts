import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

/** Deletes an installed model (409 while a running transcription uses it). */
export const DELETE: RequestHandler = ({ locals: { ctx }, params }) => {
	const removed = ctx.models.remove(params.name);
	return ok(`Deleted ${removed.removed}`, removed);
};
