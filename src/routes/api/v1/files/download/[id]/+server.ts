import type { RequestHandler } from './$types';
import { downloadQuerySchema } from '$lib/contracts/files';
import { readQuery } from '$lib/server/infra/http/respond';
import { sendDownload } from '$lib/server/infra/http/send-download';

/** A recording (seekable with Range), a transcription (its JSON export) or an export file. */
export const GET: RequestHandler = ({ locals, params, url, request }) => {
	const { file_type } = readQuery(url, downloadQuerySchema);
	return sendDownload(request, locals.ctx.files.download(params.id, file_type));
};
