import {
	deleteModelResponseSchema,
	downloadIdParamsSchema,
	downloadResponseSchema,
	modelDownloadSchema,
	modelListResponseSchema,
	modelNameParamsSchema,
	startDownloadRequestSchema,
} from '../models';
import { defineArea, named } from './spec';

const download = named('ModelDownloadResponse', downloadResponseSchema);

export const modelsArea = defineArea({
	tag: 'Models',
	description:
		'The model manager: the Whisper catalogue, installed models and downloads into MODELS_DIR. What may be downloaded is MODEL_DOWNLOADS (catalog, any or off); progress is announced on the /system namespace as model_download_progress, model_download_done and model_download_failed system events.',
	components: [named('ModelDownload', modelDownloadSchema)],
	operations: [
		{
			method: 'get',
			path: '/api/v1/models',
			operationId: 'listModels',
			examples: [{ summary: 'Catalogue, installed and downloads', status: 200 }],
			summary: 'Catalogue, installed models, the default and downloads under way',
			description: 'Reads MODELS_DIR afresh: a model copied in by hand appears without a restart.',
			responses: {
				200: { description: 'The models', schema: named('ModelList', modelListResponseSchema) },
			},
		},
		{
			method: 'post',
			path: '/api/v1/models/{name}/download',
			operationId: 'downloadModel',
			examples: [
				{
					summary: 'A catalogue model in q8',
					params: { name: 'base' },
					body: { dtype: 'q8' },
					status: 202,
				},
				{
					summary: 'The same model again: the download under way',
					params: { name: 'base' },
					body: {},
					status: 202,
				},
				{
					summary: 'A name the catalogue does not have',
					params: { name: 'no-such-model' },
					body: {},
					status: 404,
				},
				{
					summary: 'A Hub repository outside the catalogue',
					params: { name: 'someone/whisper-custom' },
					body: {},
					status: 403,
				},
				{ summary: 'An installed model', params: { name: '{installed}' }, body: {}, status: 409 },
			],
			summary: 'Download a model',
			description:
				'Fetches only the files the engine needs for the dtype into MODELS_DIR/.downloads, resumes cut connections, checks sizes and hashes, then moves the folder into place. A download already under way for the model is answered instead of starting another.',
			params: modelNameParamsSchema,
			body: {
				description: 'Options (an empty body means q8)',
				schema: named('StartModelDownload', startDownloadRequestSchema),
			},
			responses: { 202: { description: 'Queued or running', schema: download } },
			errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
		},
		{
			method: 'delete',
			path: '/api/v1/models/{name}',
			operationId: 'deleteModel',
			examples: [
				{ summary: 'An installed model', params: { name: '{installed}' }, status: 200 },
				{ summary: 'A model that is not installed', params: { name: '{installed}' }, status: 404 },
			],
			summary: 'Delete an installed model',
			description: 'Refused with 409 while a running or queued transcription uses the model.',
			params: modelNameParamsSchema,
			responses: {
				200: {
					description: 'Deleted',
					schema: named('DeletedModel', deleteModelResponseSchema),
				},
			},
			errors: ['NOT_FOUND', 'CONFLICT'],
		},
		{
			method: 'get',
			path: '/api/v1/models/downloads/{id}',
			operationId: 'getModelDownload',
			examples: [
				{ summary: 'The download', params: { id: '{download_id}' }, status: 200 },
				{ summary: 'An unknown download', params: { id: 'no-such-download' }, status: 404 },
			],
			summary: "A download's progress or outcome",
			params: downloadIdParamsSchema,
			responses: { 200: { description: 'The download', schema: download } },
			errors: ['NOT_FOUND'],
		},
		{
			method: 'delete',
			path: '/api/v1/models/downloads/{id}',
			operationId: 'cancelModelDownload',
			examples: [
				{ summary: 'Cancel it', params: { id: '{download_id}' }, status: 200 },
				{ summary: 'An unknown download', params: { id: 'no-such-download' }, status: 404 },
			],
			summary: 'Cancel a download',
			description:
				'Stops it and removes its partial files; answers once they are gone. A download another process runs (a CLI `models pull` on the same MODELS_DIR, listed and announced like the server’s own) is stopped there: 409.',
			params: downloadIdParamsSchema,
			responses: {
				200: { description: 'The cancelled (or already ended) download', schema: download },
			},
			errors: ['NOT_FOUND', 'CONFLICT'],
		},
	],
});
