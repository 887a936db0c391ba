import type { RequestHandler } from './$types';
import { editSegmentRequestSchema, segmentParamsSchema } from '$lib/contracts/transcripts';
import { ok, readJson, validate } from '$lib/server/infra/http/respond';
import { editSegment } from '$lib/server/transcription';

/** Saves a segment's text as a new version; the model's text reverts the edit. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const { segment_id } = validate(segmentParamsSchema, params, 'Path');
	const { text } = await readJson(request, editSegmentRequestSchema);
	const segment = editSegment(locals.ctx.repos, params.id, segment_id, text);
	return ok(segment.edited ? 'Segment saved' : 'Segment is the model’s text', { segment });
};
