import { z } from 'zod';
import { successEnvelopeSchema } from '../api';
import {
	jobListQuerySchema,
	jobListSchema,
	startTranscriptionRequestSchema,
	startTranscriptionResponseSchema,
	transcriptionJobSchema,
	transcriptionOptionsSchema,
	transcriptionResultResponseSchema,
	transcriptionJobResponseSchema,
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
			method: 'get',
			path: '/api/v1/transcription/jobs',
			operationId: 'listTranscriptionJobs',
			examples: [
				{ summary: 'All jobs, newest first', status: 200 },
				{ summary: 'Only finished ones', query: { status: 'completed' }, status: 200 },
				{ summary: 'A status that does not exist', query: { status: 'lost' }, status: 422 },
			],
			summary: 'List transcription jobs',
			description:
				'Newest first; `status` keeps only some (`pending,running` for the work in progress). Each job names its recording.',
			query: jobListQuerySchema,
			responses: {
				200: { description: 'A page of jobs', schema: named('JobList', jobListSchema) },
			},
		},
		{
			method: 'post',
			path: '/api/v1/transcription/start',
			operationId: 'startTranscription',
			examples: [
				{
					summary: 'A stored recording, in English, with speakers',
					body: {
						audio_file_id: '{audio_file_id}',
						language: 'en',
						enable_speaker_detection: true,
					},
					status: 202,
				},
				{
					summary: 'An upload with word timestamps',
					form: { file: '@speech', word_timestamps: 'true' },
					status: 202,
				},
				{ summary: 'No audio named', body: { language: 'en' }, status: 422 },
			],
			summary: 'Start a transcription job',
			description:
				'For a stored recording (`audio_file_id`), a file inside IMPORT_DIR (`audio_file_path`), or an upload (multipart, field `file`). The queue holds at most MAX_PENDING_JOBS pending jobs (default 500), MAX_PENDING_JOBS_PER_IDENTITY (default 50) per API key or login: past either, 429 RATE_LIMITED with Retry-After and `error_details.retry_after_seconds`. An upload refused by the queue cap is still stored: the 429 names the new recording in `error_details.audio_file_id`; start it later with `audio_file_id` instead of uploading again.',
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
			errors: [
				'BAD_REQUEST',
				'FORBIDDEN',
				'NOT_FOUND',
				'UNSUPPORTED_MEDIA',
				'MODEL_UNAVAILABLE',
				'RATE_LIMITED',
			],
		},
		{
			method: 'get',
			path: '/api/v1/transcription/status/{job_id}',
			operationId: 'getTranscriptionStatus',
			examples: [
				{ summary: 'A job', params: { job_id: '{job_id}' }, status: 200 },
				{
					summary: 'An unknown job',
					params: { job_id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: 'A job’s status and progress',
			params: jobParams,
			responses: {
				200: {
					description: 'The job',
					schema: named('TranscriptionJobResponse', transcriptionJobResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND'],
		},
		{
			method: 'get',
			path: '/api/v1/transcription/result/{job_id}',
			operationId: 'getTranscriptionResult',
			examples: [
				{ summary: 'A completed job’s result', params: { job_id: '{job_id}' }, status: 200 },
			],
			summary: 'A finished job’s transcript',
			params: jobParams,
			responses: {
				200: {
					description: 'The transcript',
					schema: named('TranscriptionResult', transcriptionResultResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'JOB_NOT_COMPLETED'],
		},
		{
			method: 'delete',
			path: '/api/v1/transcription/cancel/{job_id}',
			operationId: 'cancelTranscription',
			examples: [
				{ summary: 'A job that already completed', params: { job_id: '{job_id}' }, status: 409 },
				{
					summary: 'An unknown job',
					params: { job_id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
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
			examples: [{ summary: 'The catalogue and what is installed', status: 200 }],
			summary: 'Local models and the downloadable Whisper family',
			responses: {
				200: { description: 'The catalogue', schema: named('ModelCatalog', modelCatalogSchema) },
			},
		},
	],
});
