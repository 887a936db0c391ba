import type { RequestHandler } from './$types';
import { searchQuerySchema } from '$lib/contracts/search';
import { ok, readQuery } from '$lib/server/infra/http/respond';
import { searchTranscripts } from '$lib/server/search';

/** Transcripts whose current text matches, with highlighted snippets and hit times. */
export const GET: RequestHandler = ({ locals, url }) => {
	const found = searchTranscripts(locals.ctx.repos, readQuery(url, searchQuerySchema));
	return ok(`${found.total_count} transcript(s) match`, { ...found });
};
