import type { RequestHandler } from './$types';
import {
	startTranscriptionRequestSchema,
	type StartTranscriptionRequest,
} from '$lib/contracts/transcription';
import { discardUpload, readMultipart, type UploadedFile } from '$lib/server/infra/http/multipart';
import { ok, readJson, validate } from '$lib/server/infra/http/respond';
import { missingSourceError } from '$lib/server/transcription';

/** Starts a job for a stored recording, a file in IMPORT_DIR, or a multipart upload (`file`). */
export const POST: RequestHandler = async ({ locals: { ctx }, request }) => {
	const service = ctx.transcription;
	let parsed: StartTranscriptionRequest;
	let upload: UploadedFile | undefined;
	if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
		const form = await readMultipart(request, {
			tmpDir: ctx.dataDir.area('tmp'),
			maxFileBytes: ctx.config.MAX_UPLOAD_MB * 1024 * 1024,
			fileField: 'file',
		});
		upload = form.file;
		try {
			parsed = validate(startTranscriptionRequestSchema, form.fields, 'Request');
		} catch (e) {
			if (upload) await discardUpload(upload);
			throw e;
		}
	} else {
		parsed = await readJson(request, startTranscriptionRequestSchema);
	}
	const { audio_file_id, audio_file_path, ...options } = parsed;
	try {
		service.checkOptions(options);
	} catch (e) {
		if (upload) await discardUpload(upload);
		throw e;
	}
	const audioFileId = upload
		? (await service.adoptUpload(upload.tmpPath, upload.originalName)).id
		: (audio_file_id ??
			(audio_file_path ? (await service.importPath(audio_file_path)).id : undefined));
	if (!audioFileId) throw missingSourceError();
	const job = service.submit(audioFileId, options);
	return ok('Transcription job queued', { job }, 202);
};
