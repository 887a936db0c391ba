import type { RequestHandler } from './$types';
import { deleteFileRequestSchema } from '$lib/contracts/files';
import { ok, readJson } from '$lib/server/infra/http/respond';

export const DELETE: RequestHandler = async ({ locals, params, request }) => {
	const { file_type } = await readJson(request, deleteFileRequestSchema);
	const deleted = await locals.ctx.files.delete(params.id, file_type);
	return ok(`Deleted ${file_type} '${deleted.id}'`, { deleted });
};
