import type { RequestHandler } from './$types';
import { paginationQuerySchema } from '$lib/contracts/files';
import { ok, readQuery } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, url }) => {
	const query = readQuery(url, paginationQuerySchema);
	const { items, ...page } = locals.ctx.files.listTranscriptions(query);
	return ok(`${page.total_count} transcription(s)`, { transcriptions: items, ...page });
};
