import type { RequestHandler } from './$types';
import {
	startTranscriptionRequestSchema,
	type StartTranscriptionRequest,
} from '$lib/contracts/transcription';
import { discardUpload, readMultipart, type UploadedFile } from '$lib/server/infra/http/multipart';
import { ok, readJson, validate } from '$lib/server/infra/http/respond';
import { missingSourceError } from '$lib/server/transcription';
import { principalIdentity } from '$lib/server/auth';
import { DomainError, isDomainError } from '$lib/server/infra/errors';

/** Starts a job for a stored recording, a file in IMPORT_DIR, or a multipart upload (`file`). */
export const POST: RequestHandler = async ({ locals, request }) => {
	const { ctx } = locals;
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
	const owner = principalIdentity(locals.auth);
	try {
		const job = service.submit(audioFileId, options, undefined, owner);
		return ok('Transcription job queued', { job }, 202);
	} catch (e) {
		// The contract keeps a valid upload whatever the queue says: the refusal names it.
		if (upload && isDomainError(e) && e.code === 'RATE_LIMITED') {
			throw new DomainError(
				'RATE_LIMITED',
				`${e.message}. The upload was stored as recording ${audioFileId}: start its transcription later with audio_file_id`,
				{ ...e.details, audio_file_id: audioFileId },
			);
		}
		throw e;
	}
};
