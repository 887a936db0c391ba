import { z } from 'zod';
import { MODEL_SAMPLE_RATE } from './audio-format';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);

export const WHISPER_DEVICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export const whisperDeviceSchema = z.enum(WHISPER_DEVICES);

/** Speakers per channel: the same bounds as a request's `num_speakers`. */
export const MAX_SPEAKERS = 20;
const speakerCount = z.number().int().min(1).max(MAX_SPEAKERS).nullable();

const fields = {
	/** A model size (tiny|base|small|medium|large), a local model folder name or a Hub id. */
	whisper_model: z.string().trim().min(1).max(200),
	/** ISO 639-1 code or language name; null means detect. */
	whisper_language: z.string().trim().min(2).max(32).nullable(),
	whisper_device: whisperDeviceSchema,
	/** New recording sessions store audio at this rate unless POST /record names one. */
	audio_sample_rate: z.number().int().min(8000).max(192000),
	/** New recording sessions' channels unless POST /record names them (1 mic; 2 mic | tab). */
	audio_channels: z.number().int().min(1).max(2),
	/** Seconds of audio per capture chunk that the server asks clients to send. */
	chunk_duration: z.number().min(0.05).max(5),
	/** Per-request timing: a Server-Timing header on every response, and page requests logged too. */
	debug: z.boolean(),
	log_level: logLevelSchema,
	/**
	 * Speaker labels for jobs that do not say (their `enable_speaker_detection` wins): channel
	 * speakers for multi-channel audio ("You" / "Remote" for recordings, "Channel 1", "Channel 2"…
	 * for uploads). Off: no speaker fields, also in stored live transcripts.
	 */
	enable_speaker_detection: z.boolean(),
	/**
	 * Voice diarization for jobs that do not say (their `num_speakers`/`min_speakers`/
	 * `max_speakers` win): the number of speakers per channel when known, else bounds on the
	 * number found. null: found automatically, unbounded.
	 */
	num_speakers: speakerCount,
	min_speakers: speakerCount,
	max_speakers: speakerCount,
	/** Display name of the person at the microphone in live transcripts. */
	local_speaker_name: z.string().trim().min(1).max(80),
};

/**
 * Runtime settings: stored in the database, read and changed through GET/PUT
 * /api/v1/system/config. The same schema validates the API body and what is stored.
 */
export const systemConfigSchema = z.object(fields);
export type SystemConfig = z.infer<typeof systemConfigSchema>;

export const DEFAULT_SYSTEM_CONFIG: SystemConfig = {
	whisper_model: 'base',
	whisper_language: null,
	whisper_device: 'auto',
	audio_sample_rate: MODEL_SAMPLE_RATE,
	audio_channels: 1,
	chunk_duration: 0.25,
	enable_speaker_detection: true,
	num_speakers: null,
	min_speakers: null,
	max_speakers: null,
	debug: false,
	log_level: 'info',
	local_speaker_name: 'You',
};

/**
 * A PUT body: any subset of the settings, nothing unknown. Built from the bare fields: defaults
 * here would silently reset every setting the body leaves out.
 */
export const systemConfigUpdateSchema = z
	.object(fields)
	.partial()
	.strict()
	.refine((v) => Object.keys(v).length > 0, { message: 'Give at least one setting to change' });

export type SystemConfigUpdate = z.infer<typeof systemConfigUpdateSchema>;

/** What is wrong with the speaker-count settings taken together, or null. */
export function speakerCountProblem(
	config: Pick<SystemConfig, 'num_speakers' | 'min_speakers' | 'max_speakers'>,
): { path: 'min_speakers' | 'num_speakers'; message: string } | null {
	const { num_speakers: num, min_speakers: min, max_speakers: max } = config;
	if (min !== null && max !== null && min > max)
		return {
			path: 'min_speakers',
			message: `min_speakers (${min}) is above max_speakers (${max})`,
		};
	if (num !== null && ((min !== null && num < min) || (max !== null && num > max)))
		return {
			path: 'num_speakers',
			message: `num_speakers (${num}) is outside min_speakers…max_speakers`,
		};
	return null;
}
