import type { RequestHandler } from './$types';
import { workerClaimRequestSchema } from '$lib/contracts/workers';
import { readQuery } from '$lib/server/infra/http/respond';
import { sendDownload } from '$lib/server/infra/http/send-download';

/** The audio of a job the asking worker holds (workers share no disk with the API node). */
export const GET: RequestHandler = async ({ locals: { ctx }, params, request, url }) => {
	const { worker_id } = readQuery(url, workerClaimRequestSchema);
	const { file, audio } = ctx.transcription.remote.audioFile(params.job_id, worker_id);
	return sendDownload(request, {
		kind: 'file',
		path: file,
		filename: audio.filename,
		contentType: 'application/octet-stream',
	});
};
