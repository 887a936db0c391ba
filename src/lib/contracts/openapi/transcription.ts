import { z } from 'zod';
import { successEnvelopeSchema } from '../api';
import {
	startTranscriptionRequestSchema,
	startTranscriptionResponseSchema,
	transcriptionJobSchema,
	transcriptionOptionsSchema,
	transcriptionResultSchema,
} from '../transcription';
import { defineArea, named } from './spec';

const jobParams = z.object({ job_id: z.string().describe('The job id POST /start returned') });

/** The multipart form of POST /start: the options as fields, the media as `file`. */
const startUploadSchema = transcriptionOptionsSchema.extend({
	file: z.string().meta({ format: 'binary', description: 'Any common audio or video file' }),
});

/** What GET /models answers (built by the route from the model registry). */
const modelCatalogSchema = successEnvelopeSchema.extend({
	default_model: z.string().describe('The configured whisper_model'),
	remote_downloads: z
		.boolean()
		.describe('Catalogue models can be downloaded (MODEL_DOWNLOADS is not off)'),
	models_dir: z.string().describe('Where local models live (MODELS_DIR)'),
	local_models: z.array(
		z.object({
			id: z.string().describe('Folder under MODELS_DIR; usable as `model`'),
			family: z.literal('whisper'),
			size: z.string(),
			multilingual: z.boolean(),
			num_mel_bins: z.number().int(),
			dtypes: z.array(z.string()),
			bytes: z.number().int(),
		}),
	),
	downloadable_models: z.array(
		z.object({
			name: z.string(),
			hub_id: z.string(),
			parameters: z.string(),
			approx_bytes_q8: z.number().int(),
			english_only: z.boolean(),
			notes: z.string().nullable(),
			installed: z.boolean(),
		}),
	),
});

export const transcriptionArea = defineArea({
	tag: 'Transcription',
	description:
		'Transcription jobs: queued, run one at a time by the engine, progress on the /transcription socket namespace.',
	components: [named('TranscriptionJob', transcriptionJobSchema)],
	operations: [
		{
			method: 'post',
			path: '/api/v1/transcription/start',
			operationId: 'startTranscription',
			summary: 'Start a transcription job',
			description:
				'For a stored recording (`audio_file_id`), a file inside IMPORT_DIR (`audio_file_path`), or an upload (multipart, field `file`).',
			body: {
				description: 'The source and options',
				schema: named('StartTranscriptionRequest', startTranscriptionRequestSchema),
				alternatives: [
					{
						contentType: 'multipart/form-data',
						schema: named('StartTranscriptionUpload', startUploadSchema),
					},
				],
			},
			responses: {
				202: {
					description: 'Queued',
					schema: named('StartedTranscription', startTranscriptionResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'UNSUPPORTED_MEDIA', 'MODEL_UNAVAILABLE'],
		},
		{
			method: 'get',
			path: '/api/v1/transcription/status/{job_id}',
			operationId: 'getTranscriptionStatus',
			summary: 'A job’s status and progress',
			params: jobParams,
			responses: { 200: { description: 'The job', schema: transcriptionJobSchema } },
			errors: ['BAD_REQUEST', 'NOT_FOUND'],
		},
		{
			method: 'get',
			path: '/api/v1/transcription/result/{job_id}',
			operationId: 'getTranscriptionResult',
			summary: 'A finished job’s transcript',
			params: jobParams,
			responses: {
				200: {
					description: 'The transcript',
					schema: named('TranscriptionResult', transcriptionResultSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'JOB_NOT_COMPLETED'],
		},
		{
			method: 'delete',
			path: '/api/v1/transcription/cancel/{job_id}',
			operationId: 'cancelTranscription',
			summary: 'Cancel a pending or running job',
			params: jobParams,
			responses: {
				200: {
					description: 'Cancelled (or being cancelled)',
					schema: named(
						'CancelledTranscription',
						successEnvelopeSchema.extend({ job: transcriptionJobSchema }),
					),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'],
		},
		{
			method: 'get',
			path: '/api/v1/transcription/models',
			operationId: 'listTranscriptionModels',
			summary: 'Local models and the downloadable Whisper family',
			responses: {
				200: { description: 'The catalogue', schema: named('ModelCatalog', modelCatalogSchema) },
			},
		},
	],
});
