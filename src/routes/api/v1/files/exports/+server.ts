import type { RequestHandler } from './$types';
import { exportsQuerySchema } from '$lib/contracts/files';
import { ok, readQuery } from '$lib/server/infra/http/respond';

export const GET: RequestHandler = ({ locals, url }) => {
	const { items, ...page } = locals.ctx.files.listExports(readQuery(url, exportsQuerySchema));
	return ok(`${page.total_count} export(s)`, { exports: items, ...page });
};
