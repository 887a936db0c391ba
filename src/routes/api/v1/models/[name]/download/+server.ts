import type { RequestHandler } from './$types';
import { startDownloadRequestSchema } from '$lib/contracts/models';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** Starts downloading a model (or answers the download already under way for it). */
export const POST: RequestHandler = async ({ locals: { ctx }, params, request }) => {
	const { dtype } = await readJson(request, startDownloadRequestSchema);
	const download = ctx.models.download(params.name, dtype);
	return ok(`Downloading ${download.hub_id}`, { download }, 202);
};
