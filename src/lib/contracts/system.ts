import { z } from 'zod';
import { workerStatusSchema } from './workers';
import { healthCheckSchema, healthStateSchema, successEnvelopeSchema } from './api';
import { audioDeviceSchema } from './audio';
import { systemConfigSchema } from './settings';

/** Health without the envelope, as embedded in the status report. */
export const healthReportSchema = z.object({
	status: healthStateSchema,
	reasons: z.array(z.string()).describe('Why the status is not healthy; empty when it is'),
	checks: z.array(healthCheckSchema),
	uptime_seconds: z.number().nonnegative(),
	version: z.string(),
});

export const GPU_NOT_PROBED = 'not probed yet';

export const gpuInfoSchema = z.object({
	providers_tried: z
		.array(z.string())
		.describe('Execution providers the engine tried, in order (e.g. cuda, cpu)'),
	provider_in_use: z
		.string()
		.nullable()
		.describe('The provider the engine runs on; null until probed'),
	detail: z.string().describe(`What the probe found, or '${GPU_NOT_PROBED}'`),
});
export type GpuInfo = z.infer<typeof gpuInfoSchema>;

/** A model the engine can load; the engine adds fields of its own. */
export const modelSummarySchema = z
	.object({
		id: z.string().describe('What to pass as whisper_model / model_size'),
		name: z.string().optional(),
	})
	.loose();
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const PERFORMANCE_LEVELS = ['low', 'medium', 'high'] as const;

export const systemInfoSchema = z.object({
	os: z.object({
		name: z.string().describe('e.g. Linux, Darwin, Windows_NT'),
		platform: z.string(),
		release: z.string(),
		arch: z.string(),
	}),
	runtime_version: z.string().describe('e.g. Node.js v20.19.0'),
	cpu: z.object({ model: z.string(), cores: z.number().int().nonnegative() }),
	memory: z.object({
		total_bytes: z.number().int().nonnegative(),
		free_bytes: z.number().int().nonnegative(),
		process_rss_bytes: z.number().int().nonnegative(),
	}),
	gpu: gpuInfoSchema,
	storage: z.object({
		used_bytes: z.number().int().nonnegative().describe('Size of everything under DATA_DIR'),
		free_bytes: z.number().int().nonnegative().describe('Free space on the DATA_DIR volume'),
		total_bytes: z.number().int().nonnegative(),
	}),
	performance_level: z
		.enum(PERFORMANCE_LEVELS)
		.describe('From CPU cores, memory and the GPU in use: what model sizes will feel fast'),
	available_models: z.array(modelSummarySchema),
	available_devices: z.array(audioDeviceSchema),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const systemInfoResponseSchema = successEnvelopeSchema.extend(systemInfoSchema.shape);
export type SystemInfoResponse = z.infer<typeof systemInfoResponseSchema>;

export const fileTotalsSchema = z.object({
	recordings: z.number().int().nonnegative(),
	transcriptions: z.number().int().nonnegative(),
	exports: z.number().int().nonnegative(),
});

export const systemStatusSchema = successEnvelopeSchema.extend({
	health: healthReportSchema,
	info: systemInfoSchema,
	active_recordings: z.number().int().nonnegative(),
	active_transcriptions: z.number().int().nonnegative(),
	total_files: fileTotalsSchema,
	job_queue: z
		.enum(['in_process', 'redis'])
		.describe('in_process: this server runs every job; redis: a BullMQ queue shared with workers'),
	workers: z
		.array(workerStatusSchema)
		.describe('Transcription workers heard from in the last minute (redis queue only)'),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

/** GET /config: every setting beside the envelope's fields. */
export const systemConfigResponseSchema = successEnvelopeSchema.extend(systemConfigSchema.shape);

export const configUpdateResponseSchema = successEnvelopeSchema.extend({
	old_config: systemConfigSchema.describe('Every setting before the change'),
	new_config: systemConfigSchema.describe('Every setting after the change (persisted)'),
	changes_applied: z
		.array(z.string())
		.describe('Names of the settings whose value changed; empty when nothing did'),
});
