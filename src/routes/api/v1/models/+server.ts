import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

/** The model manager's view: the catalogue, what is installed, the default, downloads. */
export const GET: RequestHandler = ({ locals: { ctx } }) => {
	const view = ctx.models.list();
	return ok(`${view.installed.length} installed model(s)`, view);
};
