import type { RequestHandler } from './$types';
import { ok, readJson } from '$lib/server/infra/http/respond';
import { stopRecordingRequestSchema } from '$lib/contracts/audio';
import { principalIdentity } from '$lib/server/auth';

export const POST: RequestHandler = async ({ locals, request }) => {
	const { session_id, save_file } = await readJson(request, stopRecordingRequestSchema);
	const { session, audioFile } = await locals.ctx.recording.stop(
		session_id,
		save_file,
		principalIdentity(locals.auth),
	);
	// The live transcript is stored once the last finals are out (bounded by LIVE_FLUSH_TIMEOUT_MS).
	const transcriptionId = audioFile ? await locals.ctx.live.transcriptFor(session_id) : null;
	const message = save_file ? 'Recording stopped' : 'Recording stopped; its audio was discarded';
	return ok(message, { session, audio_file: audioFile, transcription_id: transcriptionId });
};
