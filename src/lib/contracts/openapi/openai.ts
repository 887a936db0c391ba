import { z } from 'zod';
import { openAiTranscriptionFormSchema, openAiVerboseSchema } from '../openai';
import { defineArea, named, type OperationSpec } from './spec';

const form = named(
	'OpenAiTranscriptionForm',
	openAiTranscriptionFormSchema.extend({
		file: z.string().meta({ format: 'binary', description: 'The audio (any common format)' }),
	}),
);

const json = named(
	'OpenAiTranscription',
	z
		.union([z.object({ text: z.string() }), openAiVerboseSchema])
		.describe('`{text}` for response_format json; the verbose shape for verbose_json'),
);
const plain = named('PlainText', z.string());

function audioOperation(task: 'transcriptions' | 'translations'): OperationSpec {
	return {
		method: 'post',
		path: `/v1/audio/${task}`,
		operationId: task === 'transcriptions' ? 'openAiTranscribe' : 'openAiTranslate',
		examples:
			task === 'transcriptions'
				? [
						{
							summary: 'An upload, answered as JSON',
							form: { file: '@speech', model: 'whisper-test' },
							status: 200,
						},
					]
				: [
						{
							summary: 'An upload translated to English, as JSON',
							form: { file: '@speech', model: 'whisper-test' },
							status: 200,
						},
					],
		summary:
			task === 'transcriptions'
				? 'Transcribe audio (OpenAI-compatible)'
				: 'Translate speech into English (OpenAI-compatible)',
		description:
			"OpenAI's parameters and response formats (json, text, srt, verbose_json, vtt). `whisper-1` means the configured model. Errors carry OpenAI's `error` object beside the envelope's fields.",
		body: { description: 'The file and options', contentType: 'multipart/form-data', schema: form },
		responses: {
			200: {
				description: 'The transcript, in the response_format asked for',
				schema: json,
				alternatives: [
					{ contentType: 'text/plain', schema: plain },
					{ contentType: 'text/vtt', schema: plain },
					{ contentType: 'application/x-subrip', schema: plain },
				],
			},
		},
		errors: ['UNSUPPORTED_MEDIA', 'MODEL_UNAVAILABLE', 'TRANSCRIPTION_ERROR'],
	};
}

const modelListSchema = z.object({
	object: z.literal('list'),
	data: z.array(
		z.object({
			id: z.string(),
			object: z.literal('model'),
			created: z.number().int(),
			owned_by: z.string(),
		}),
	),
});

export const openAiArea = defineArea({
	tag: 'OpenAI-compatible',
	description:
		'Point an OpenAI client at this server (base URL `http://host:port/v1`, the API key as its key when keys are required).',
	components: [named('OpenAiVerboseTranscription', openAiVerboseSchema)],
	operations: [
		audioOperation('transcriptions'),
		audioOperation('translations'),
		{
			method: 'get',
			path: '/v1/models',
			operationId: 'openAiListModels',
			examples: [{ summary: 'Models, as OpenAI lists them', status: 200 }],
			summary: 'Models (OpenAI-compatible)',
			responses: {
				200: {
					description: '`whisper-1` and every local model',
					schema: named('OpenAiModelList', modelListSchema),
				},
			},
		},
	],
});
