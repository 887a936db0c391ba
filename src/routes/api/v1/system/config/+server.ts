import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { systemConfigUpdateSchema } from '$lib/contracts/settings';

export const GET: RequestHandler = ({ locals }) =>
	ok('Current settings', locals.ctx.settings.get());

export const PUT: RequestHandler = async ({ locals, request }) => {
	const patch = await readJson(request, systemConfigUpdateSchema);
	const change = locals.ctx.settings.update(patch);
	locals.ctx.emitSystemEvent('config_changed', { changes_applied: change.changes_applied });
	const message = change.changes_applied.length
		? `Updated ${change.changes_applied.join(', ')}`
		: 'Nothing changed';
	return ok(message, { ...change });
};
