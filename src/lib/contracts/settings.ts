import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);

export const WHISPER_DEVICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export const whisperDeviceSchema = z.enum(WHISPER_DEVICES);

/**
 * Runtime settings: stored in the database, read and changed through GET/PUT
 * /api/v1/system/config. The same schema validates the API body and what is stored.
 */
export const systemConfigSchema = z.object({
	/** A model size (tiny|base|small|medium|large), a local model folder name or a Hub id. */
	whisper_model: z.string().trim().min(1).max(200).default('base'),
	/** ISO 639-1 code or language name; null means detect. */
	whisper_language: z.string().trim().min(2).max(32).nullable().default(null),
	whisper_device: whisperDeviceSchema.default('auto'),
	audio_sample_rate: z.number().int().min(8000).max(192000).default(16000),
	audio_channels: z.number().int().min(1).max(8).default(2),
	/** Seconds of audio per uploaded capture chunk. */
	chunk_duration: z.number().min(0.05).max(5).default(0.25),
	debug: z.boolean().default(false),
	log_level: logLevelSchema.default('info'),
	/** Display name of the person at the microphone in live transcripts. */
	local_speaker_name: z.string().trim().min(1).max(80).default('You'),
});

export type SystemConfig = z.infer<typeof systemConfigSchema>;

type ConfigFields = typeof systemConfigSchema.shape;

/**
 * A PUT body: any subset of the settings, nothing unknown. The fields lose their defaults:
 * `.partial()` would keep them and so reset every setting the body leaves out.
 */
export const systemConfigUpdateSchema = z
	.object(
		Object.fromEntries(
			Object.entries(systemConfigSchema.shape).map(([k, f]) => [k, f.unwrap().optional()]),
		) as { [K in keyof ConfigFields]: z.ZodOptional<ReturnType<ConfigFields[K]['unwrap']>> },
	)
	.strict()
	.refine((v) => Object.keys(v).length > 0, { message: 'Give at least one setting to change' });

export type SystemConfigUpdate = z.infer<typeof systemConfigUpdateSchema>;

export const DEFAULT_SYSTEM_CONFIG: SystemConfig = systemConfigSchema.parse({});
