import type { RequestHandler } from './$types';
import { recordingListQuerySchema } from '$lib/contracts/files';
import { ok, readQuery } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, url }) => {
	const { items, ...page } = locals.ctx.files.listRecordings(
		readQuery(url, recordingListQuerySchema),
	);
	return ok(`${page.total_count} recording(s)`, { recordings: items, ...page });
};
