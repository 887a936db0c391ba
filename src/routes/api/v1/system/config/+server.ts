import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { systemConfigUpdateSchema } from '$lib/contracts/settings';
import { checkModelSettings } from '$lib/server/models';

export const GET: RequestHandler = ({ locals }) =>
	ok('Current settings', locals.ctx.settings.get());

export const PUT: RequestHandler = async ({ locals, request }) => {
	const patch = checkModelSettings(
		await readJson(request, systemConfigUpdateSchema),
		locals.ctx.config.MODELS_DIR,
	);
	const change = locals.ctx.settings.update(patch);
	locals.ctx.emitSystemEvent('config_changed', { changes_applied: change.changes_applied });
	const message = change.changes_applied.length
		? `Updated ${change.changes_applied.join(', ')}`
		: 'Nothing changed';
	return ok(message, { ...change });
};
