import type { RequestEvent } from '@sveltejs/kit';
import { openAiTranscriptionFormSchema } from '../../contracts/openai';
import { ValidationError } from '../infra/errors';
import { discardUpload, readMultipart } from '../infra/http/multipart';
import { validate } from '../infra/http/respond';
import { openAiTranscribe } from './transcribe';

/** POST /v1/audio/transcriptions and /v1/audio/translations share everything but the task. */
export async function handleOpenAiAudio(
	{ locals: { ctx }, request }: RequestEvent,
	task: 'transcribe' | 'translate',
): Promise<Response> {
	const { fields, fieldValues, file } = await readMultipart(request, {
		tmpDir: ctx.dataDir.area('tmp'),
		maxFileBytes: ctx.config.MAX_UPLOAD_MB * 1024 * 1024,
		fileField: 'file',
	});
	let form;
	try {
		if (!file) {
			throw new ValidationError('A file is required', [
				{
					path: 'file',
					message: 'Upload the audio as the multipart field `file`',
					code: 'required',
				},
			]);
		}
		const granularities =
			fieldValues['timestamp_granularities[]'] ?? fieldValues['timestamp_granularities'];
		form = validate(openAiTranscriptionFormSchema, {
			...fields,
			...(granularities ? { 'timestamp_granularities[]': granularities } : {}),
		});
	} catch (e) {
		if (file) await discardUpload(file);
		throw e;
	}
	const out = await openAiTranscribe(ctx, file, form, task, request.signal);
	return new Response(out.body, { headers: { 'content-type': out.contentType } });
}
