import type { RequestHandler } from './$types';
import { segmentParamsSchema } from '$lib/contracts/transcripts';
import { ok, validate } from '$lib/server/infra/http/respond';
import { segmentVersions } from '$lib/server/transcription';

/** A segment's texts, oldest first: the model's, then each saved edit. */
export const GET: RequestHandler = ({ locals, params }) => {
	const { segment_id } = validate(segmentParamsSchema, params, 'Path');
	const versions = segmentVersions(locals.ctx.repos, params.id, segment_id);
	return ok(`${versions.length} version(s)`, { versions });
};
