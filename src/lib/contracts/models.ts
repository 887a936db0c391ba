import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';

/** MODEL_DOWNLOADS: what the model manager may download. */
export const MODEL_DOWNLOAD_MODES = ['catalog', 'any', 'off'] as const;
export const modelDownloadModeSchema = z.enum(MODEL_DOWNLOAD_MODES);

export const DOWNLOAD_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const downloadStateSchema = z.enum(DOWNLOAD_STATES);

/** One model download, as GET /api/v1/models/downloads/{id} and the events show it. */
export const modelDownloadSchema = z.object({
	download_id: z.string(),
	/** The catalogue name (`base`) or the Hub repository asked for. */
	model: z.string(),
	hub_id: z.string(),
	dtype: z.string(),
	status: downloadStateSchema,
	bytes_done: z.number().int().nonnegative(),
	/** 0 until the Hub's file listing has been read. */
	bytes_total: z.number().int().nonnegative(),
	/** Bytes a second over the last few seconds. */
	speed_bps: z.number().nonnegative(),
	/** Seconds left at the current speed; null while unknown. */
	eta_seconds: z.number().nonnegative().nullable(),
	/** The file being fetched now. */
	current_file: z.string().nullable(),
	/** The installed model's id (folder under MODELS_DIR) once completed. */
	installed_id: z.string().nullable(),
	error_message: z.string().nullable(),
	started_at: timestampSchema,
	finished_at: timestampSchema.nullable(),
});
export type ModelDownload = z.infer<typeof modelDownloadSchema>;

/** One catalogue model with its state on this server. */
export const catalogModelSchema = z.object({
	name: z.string().describe('Short name: usable as whisper_model and in the routes'),
	hub_id: z.string(),
	parameters: z.string(),
	download_bytes: z.number().int().describe('Approximate size of the q8 download'),
	english_only: z.boolean(),
	notes: z.string().nullable(),
	installed: z.boolean(),
	/** Folder under MODELS_DIR when installed. */
	installed_id: z.string().nullable(),
	bytes_on_disk: z.number().int().nullable(),
	is_default: z.boolean(),
	/** The download in progress (queued or running), if any. */
	download: modelDownloadSchema.nullable(),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

/** One of the voice diarization models (speaker segmentation and embeddings). */
export const diarizationModelSchema = z.object({
	name: z.string().describe('Short name: usable in the model routes'),
	hub_id: z.string().describe('The Hub repository; also the folder under MODELS_DIR'),
	role: z.enum(['segmentation', 'embedding']),
	parameters: z.string(),
	download_bytes: z.number().int(),
	installed: z.boolean(),
	bytes_on_disk: z.number().int().nullable(),
	/** The download in progress (queued or running), if any. */
	download: modelDownloadSchema.nullable(),
});
export type DiarizationModel = z.infer<typeof diarizationModelSchema>;

/** An installed model folder (catalogue or not). */
export const installedModelSchema = z.object({
	id: z.string(),
	size: z.string(),
	multilingual: z.boolean(),
	dtypes: z.array(z.string()),
	bytes: z.number().int(),
	/** Its catalogue name when it is a catalogue model. */
	catalog_name: z.string().nullable(),
	is_default: z.boolean(),
	in_use: z.boolean().describe('A running transcription uses it: it cannot be deleted now'),
});
export type InstalledModel = z.infer<typeof installedModelSchema>;

/** A model something on this server needs: live transcription, file transcription, refining. */
export const modelNeedSchema = z.object({
	use: z.enum(['transcription', 'live', 'refine']),
	model: z.string(),
	installed: z.boolean(),
});
export type ModelNeed = z.infer<typeof modelNeedSchema>;

export const modelListResponseSchema = successEnvelopeSchema.extend({
	default_model: z.string().describe('The whisper_model setting'),
	default_installed: z.boolean(),
	downloads_mode: modelDownloadModeSchema.describe('MODEL_DOWNLOADS'),
	models_dir: z.string(),
	catalog: z.array(catalogModelSchema),
	installed: z.array(installedModelSchema),
	diarization: z
		.array(diarizationModelSchema)
		.describe('Voice diarization runs when both of these are installed'),
	downloads: z.array(modelDownloadSchema).describe('Downloads queued or running'),
	needs: z
		.array(modelNeedSchema)
		.describe('The models recording and transcription use here, and whether each is installed'),
});
export type ModelListResponse = z.infer<typeof modelListResponseSchema>;

export const modelNameParamsSchema = z.object({
	name: z
		.string()
		.min(1)
		.max(200)
		.describe('A catalogue name (`base`), an installed folder or a Hub id (URL-encoded `/`)'),
});

export const startDownloadRequestSchema = z
	.object({
		dtype: z
			.enum(['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'])
			.default('q8')
			.describe('Precision of the files to fetch'),
	})
	.strict();

export const downloadResponseSchema = successEnvelopeSchema.extend({
	download: modelDownloadSchema,
});

export const deleteModelResponseSchema = successEnvelopeSchema.extend({
	removed: z.string(),
	bytes: z.number().int(),
	was_default: z.boolean(),
});

export const downloadIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** `data` of the model_download_* system events. */
export const modelDownloadEventSchema = modelDownloadSchema;
export const MODEL_DOWNLOAD_EVENTS = [
	'model_download_progress',
	'model_download_done',
	'model_download_failed',
] as const;
