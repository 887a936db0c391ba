import type { RequestHandler } from './$types';
import { renameRecordingRequestSchema } from '$lib/contracts/files';
import { ok, readJson } from '$lib/server/infra/http/respond';

/** A recording with its state and every transcript of it, newest first. */
export const GET: RequestHandler = ({ locals, params }) => {
	const detail = locals.ctx.files.recording(params.id);
	return ok(`${detail.transcriptions.length} transcription(s)`, { ...detail });
};

/** Renames a recording's title. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const { title } = await readJson(request, renameRecordingRequestSchema);
	const recording = locals.ctx.files.renameRecording(params.id, title);
	return ok(`Renamed to '${recording.title}'`, { recording });
};
