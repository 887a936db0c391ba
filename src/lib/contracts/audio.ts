import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';

export const DEVICE_KINDS = ['microphone', 'tab', 'system', 'server'] as const;

export const audioDeviceSchema = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.enum(DEVICE_KINDS),
	max_input_channels: z.number().int().nonnegative(),
	max_output_channels: z.number().int().nonnegative(),
	sample_rate: z.number().int().positive(),
	is_default: z.boolean(),
	is_loopback: z.boolean(),
	is_available: z.boolean(),
	/** The capture client (browser tab) that reported it; null for server-side inputs. */
	client_id: z.string().nullable(),
});
export type AudioDevice = z.infer<typeof audioDeviceSchema>;

export const RECORDING_STATUSES = [
	'pending',
	'recording',
	'paused',
	'stopping',
	'completed',
	'cancelled',
	'failed',
	'interrupted',
] as const;
export const recordingStatusSchema = z.enum(RECORDING_STATUSES);

export const audioFileSchema = z.object({
	id: z.string(),
	filename: z.string(),
	/** Path relative to DATA_DIR; files are downloaded by id, never by path. */
	path: z.string(),
	size_bytes: z.number().int().nonnegative(),
	size_mb: z.number().nonnegative(),
	duration_seconds: z.number().nonnegative(),
	duration_formatted: z.string(),
	sample_rate: z.number().int().positive(),
	channels: z.number().int().positive(),
	audio_format: z.string(),
	created_at: timestampSchema,
	/** Display title (renamable); by default the file name without its extension. */
	title: z.string(),
	/** Recorded in the app, or uploaded / imported. */
	source: z.enum(['recording', 'upload']),
	/** The recording's newest transcript, if it has one. */
	transcript: z
		.object({
			id: z.string(),
			created_at: timestampSchema,
			language: z.string().nullable(),
			model_used: z.string(),
		})
		.nullable(),
	/** The recording's newest transcription job, if it has one. */
	job: z
		.object({
			job_id: z.string(),
			status: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']),
			progress: z.number().min(0).max(1),
			error_message: z.string().nullable(),
		})
		.nullable(),
});
export type AudioFile = z.infer<typeof audioFileSchema>;

export const recordingSessionSchema = z.object({
	session_id: z.string(),
	device: z.record(z.string(), z.unknown()),
	status: recordingStatusSchema,
	start_time: timestampSchema,
	duration_seconds: z.number().nonnegative(),
	file_path: z.string().nullable(),
	file_size_bytes: z.number().int().nonnegative(),
	error_message: z.string().nullable(),
	channels: z.number().int().min(1).max(2),
	sample_rate: z.number().int().positive(),
	chunks_received: z.number().int().nonnegative(),
	/**
	 * On open sessions: the chunk length (seconds) the server asks capture clients to send (the
	 * `chunk_duration` setting, shortened where a chunk would pass 1 MiB).
	 */
	chunk_duration: z.number().positive().optional(),
	/** The library entry made from this session's audio (null while recording or when discarded). */
	audio_file_id: z.string().nullable().optional(),
});
export type RecordingSession = z.infer<typeof recordingSessionSchema>;

export const startRecordingRequestSchema = z
	.object({
		device_id: z.string().min(1).max(200).optional(),
		filename: z.string().min(1).max(200).optional(),
		max_duration: z.number().min(1).max(21600).optional(),
		auto_stop_silence: z.number().min(1).max(3600).optional(),
		/**
		 * 1 = microphone only; 2 = channel 0 microphone, channel 1 tab audio. The
		 * `audio_channels` setting when absent.
		 */
		channels: z.union([z.literal(1), z.literal(2)]).optional(),
		/**
		 * The rate the session stores (and its chunks carry) audio at; the `audio_sample_rate`
		 * setting when absent. Transcription resamples to 16 kHz by itself.
		 */
		sample_rate: z.number().int().min(8000).max(192000).optional(),
		/** The capture client that will stream the audio (the `client_id` of its capture:hello). */
		client_id: z.string().min(1).max(100).optional(),
	})
	.strict();
export type StartRecordingRequest = z.infer<typeof startRecordingRequestSchema>;

export const stopRecordingRequestSchema = z
	.object({
		session_id: z.string().min(1).max(100),
		save_file: z.boolean().default(true),
	})
	.strict();

export const startRecordingResponseSchema = successEnvelopeSchema.extend({
	session: recordingSessionSchema,
});
export const stopRecordingResponseSchema = successEnvelopeSchema.extend({
	session: recordingSessionSchema,
	audio_file: audioFileSchema.nullable(),
	/** The recording's live transcript (kind `live`), when live transcription produced one. */
	transcription_id: z.string().nullable().optional(),
});

export const recordingSessionResponseSchema = successEnvelopeSchema.extend({
	session: recordingSessionSchema,
});
/** POST /sessions/{id}/chunks: where the chunk's first frame goes on the session's timeline. */
export const chunkQuerySchema = z.object({
	sample_index: z
		.string()
		.regex(/^\d{1,15}$/, 'a whole number of frames from 0')
		.transform(Number)
		.describe(
			"Frame (per channel, at the session's sample rate) of the body's first sample, counted from the start of the session",
		),
});

/** Which frames a session holds, after a chunk sent over HTTP. */
export const chunkAckSchema = z.object({
	session_id: z.string(),
	sample_index: z.number().int().nonnegative(),
	/** Frames the chunk carried. */
	frames: z.number().int().nonnegative(),
	/** Frames held without a gap from 0: everything before this is safe to drop on the client. */
	samples_written: z.number().int().nonnegative(),
	/** Every held run of frames, [start, end), in order. */
	held: z.array(
		z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
	),
});
export type ChunkAck = z.infer<typeof chunkAckSchema>;
export const chunkAckResponseSchema = successEnvelopeSchema.extend(chunkAckSchema.shape);

/** GET /devices and GET /sessions answer plain lists. */
export const audioDeviceListSchema = z.array(audioDeviceSchema);
export const recordingSessionListSchema = z.array(recordingSessionSchema);

/** Why a session ended, as told in its last recording_update. */
export const STOP_REASONS = [
	'requested',
	'max_duration',
	'silence',
	'cancelled',
	'shutdown',
	'recovered',
	/** No chunk arrived for SESSION_IDLE_TIMEOUT_S: ended `interrupted`, its audio kept. */
	'idle',
] as const;
export const stopReasonSchema = z.enum(STOP_REASONS);
export type StopReason = z.infer<typeof stopReasonSchema>;

/**
 * The `data` of a `recording_update` on /recording. Lifecycle updates (started, stopped,
 * cancelled, interrupted) go to every client; `progress` (about every second while recording)
 * only to the session's room `session:<id>`, which capture:join enters.
 */
export const recordingUpdateDataSchema = z.object({
	kind: z.enum(['started', 'progress', 'stopped', 'cancelled', 'interrupted', 'failed']),
	session: recordingSessionSchema,
	/** RMS per channel (0..1) of the latest chunk, on progress updates. */
	level: z.array(z.number().min(0).max(1)).optional(),
	reason: stopReasonSchema.optional(),
});
export type RecordingUpdateData = z.infer<typeof recordingUpdateDataSchema>;
