import { openAiTranscriptionFormSchema } from '../../contracts/openai';
import { ValidationError } from '../infra/errors';
import { discardUpload, readMultipart } from '../infra/http/multipart';
import { validate } from '../infra/http/respond';
import { openAiTranscribe, type OpenAiDeps } from './transcribe';

export interface OpenAiRouteDeps extends OpenAiDeps {
	/** Where uploads wait while they are decoded. */
	tmpDir: string;
	maxFileBytes: number;
}

/** POST /v1/audio/transcriptions and /v1/audio/translations share everything but the task. */
export async function handleOpenAiAudio(
	ctx: OpenAiRouteDeps,
	request: Request,
	task: 'transcribe' | 'translate',
): Promise<Response> {
	const { fields, fieldValues, file } = await readMultipart(request, {
		tmpDir: ctx.tmpDir,
		maxFileBytes: ctx.maxFileBytes,
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
