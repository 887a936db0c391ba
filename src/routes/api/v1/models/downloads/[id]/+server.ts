import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';

/** One download's progress or outcome. */
export const GET: RequestHandler = ({ locals: { ctx }, params }) => {
	const download = ctx.models.downloads.get(params.id);
	return ok(`Download ${download.status}`, { download });
};

/** Cancels a download; its partial files are removed. */
export const DELETE: RequestHandler = async ({ locals: { ctx }, params }) => {
	const download = ctx.models.downloads.cancel(params.id);
	const ended = await ctx.models.downloads.wait(download.download_id);
	return ok(`Download ${ended.status}`, { download: ended });
};
