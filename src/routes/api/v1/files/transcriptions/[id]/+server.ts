import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';
import { readTranscript } from '$lib/server/transcription';

/** One transcript with its segments: current text and the model's. */
export const GET: RequestHandler = ({ locals, params }) => {
	const { transcription, segments } = readTranscript(locals.ctx.repos, params.id);
	return ok(`${segments.length} segment(s)`, { transcription, segments });
};
