import type { RequestHandler } from './$types';
import { exportRequestSchema } from '$lib/contracts/files';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** Writes the asked-for formats as export files; 201 since each one is a new resource. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const files = await locals.ctx.files.export(await readJson(request, exportRequestSchema));
	const message = `Exported ${files.map((f) => f.format).join(', ')}`;
	return ok(message, { export_files: files, total_files: files.length }, 201);
};
