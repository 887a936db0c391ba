import type { RequestHandler } from './$types';
import { renameSpeakerRequestSchema } from '$lib/contracts/files';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { renameSpeaker } from '$lib/server/transcription';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const body = await readJson(request, renameSpeakerRequestSchema);
	const { transcription, segmentsRenamed } = renameSpeaker(locals.ctx.repos, params.id, body);
	return ok(`Renamed ${segmentsRenamed} segment(s) to '${body.new_name}'`, {
		transcription,
		segments_renamed: segmentsRenamed,
	});
};
