import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';
import { audioFileSchema } from './audio';

export const MODEL_SIZES = ['tiny', 'base', 'small', 'medium', 'large'] as const;
export const TRANSCRIPTION_STATUSES = [
	'pending',
	'running',
	'completed',
	'failed',
	'cancelled',
] as const;
export const transcriptionStatusSchema = z.enum(TRANSCRIPTION_STATUSES);

const boolish = z.preprocess(
	(v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
	z.boolean(),
);
const numberish = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
	z.number(),
);

/**
 * Options of POST /api/v1/transcription/start, from a JSON body or multipart form fields (which
 * arrive as strings, hence the lenient booleans and numbers).
 */
export const transcriptionOptionsSchema = z.object({
	/** The contract's sizes; the configured default when absent. */
	model_size: z.enum(MODEL_SIZES).optional(),
	/** Any local model folder, short name (`small.en`) or Hub id; wins over model_size. */
	model: z.string().trim().min(1).max(200).optional(),
	/** ISO code or name; detected when absent. */
	language: z.string().trim().min(2).max(32).optional(),
	task: z.enum(['transcribe', 'translate']).default('transcribe'),
	/**
	 * Label speakers by channel for multi-channel audio ("You" / "Remote" for recordings,
	 * "Channel 1", "Channel 2"… for uploads); the `enable_speaker_detection` setting when absent.
	 */
	enable_speaker_detection: boolish.optional(),
	/** Voice diarization: the number of speakers when known, else bounds on it. */
	num_speakers: numberish.pipe(z.number().int().min(1).max(20)).optional(),
	min_speakers: numberish.pipe(z.number().int().min(1).max(20)).optional(),
	max_speakers: numberish.pipe(z.number().int().min(1).max(20)).optional(),
	word_timestamps: boolish.default(false),
	/** Vocabulary hints: names, jargon, spelling. */
	initial_prompt: z.string().max(1000).optional(),
	temperature: numberish.pipe(z.number().min(0).max(1)).default(0),
});

export const startTranscriptionRequestSchema = transcriptionOptionsSchema
	.extend({
		audio_file_id: z.string().min(1).max(100).optional(),
		/** A file inside the server's configured import folder (IMPORT_DIR), nowhere else. */
		audio_file_path: z.string().min(1).max(1024).optional(),
	})
	.strict();
export type StartTranscriptionRequest = z.infer<typeof startTranscriptionRequestSchema>;

export const wordSchema = z.object({
	word: z.string(),
	start: z.number(),
	end: z.number(),
	probability: z.number().min(0).max(1),
});

export const transcriptionSegmentSchema = z.object({
	id: z.number().int().nonnegative(),
	text: z.string(),
	start_time: z.number().nonnegative(),
	end_time: z.number().nonnegative(),
	confidence: z.number().min(0).max(1).nullable(),
	speaker_id: z.string().nullable(),
	speaker_name: z.string().nullable(),
	channel: z.number().int().nullable(),
	words: z.array(wordSchema).optional(),
	/** Stored transcripts: the model's text (`text` is the current, maybe edited, one). */
	original_text: z.string().optional(),
	edited: z.boolean().optional(),
});
export type TranscriptionSegment = z.infer<typeof transcriptionSegmentSchema>;

export const transcriptionJobSchema = z.object({
	job_id: z.string(),
	status: transcriptionStatusSchema,
	progress: z.number().min(0).max(1),
	audio_file_info: audioFileSchema.nullable(),
	model_used: z.string().nullable(),
	language: z.string().nullable(),
	created_at: timestampSchema,
	started_at: timestampSchema.nullable(),
	completed_at: timestampSchema.nullable(),
	error_message: z.string().nullable(),
	/** Set once completed. */
	transcription_id: z.string().nullable(),
	/** The recording it transcribes (null once that is deleted) and its title. */
	recording_id: z.string().nullable(),
	recording_title: z.string().nullable(),
});
export type TranscriptionJob = z.infer<typeof transcriptionJobSchema>;

export const speakerTurnSchema = z.object({
	start_time: z.number().nonnegative(),
	end_time: z.number().nonnegative(),
	speaker_id: z.string(),
});
export type SpeakerTurn = z.infer<typeof speakerTurnSchema>;

export const transcriptionResultSchema = z.object({
	job_id: z.string().nullable(),
	transcription_id: z.string(),
	full_text: z.string(),
	segments: z.array(transcriptionSegmentSchema),
	language: z.string().nullable(),
	confidence_average: z.number().min(0).max(1).nullable(),
	total_duration: z.number().nonnegative(),
	processing_time: z.number().nonnegative(),
	word_count: z.number().int().nonnegative(),
	speakers_detected: z.array(z.string()),
	/** Who spoke when, when speakers were detected: the segments' speakers, merged per turn. */
	speaker_turns: z.array(speakerTurnSchema).optional(),
	model_used: z.string(),
});
export type TranscriptionResult = z.infer<typeof transcriptionResultSchema>;

/** GET /api/v1/transcription/jobs: newest first, optionally only some statuses. */
export const jobListQuerySchema = z.object({
	page: z.coerce.number().int().min(1).default(1),
	page_size: z.coerce.number().int().min(1).max(100).default(20),
	/** One status or several, comma-separated (`pending,running`). */
	status: z
		.string()
		.max(100)
		.transform((s) =>
			s
				.split(',')
				.map((x) => x.trim())
				.filter(Boolean),
		)
		.pipe(z.array(transcriptionStatusSchema))
		.optional(),
});

export const jobListSchema = successEnvelopeSchema.extend({
	jobs: z.array(transcriptionJobSchema),
	total_count: z.number().int().nonnegative(),
	page: z.number().int().positive(),
	page_size: z.number().int().positive(),
});
/** GET /status/{job_id}: the job's fields beside the envelope's. */
export const transcriptionJobResponseSchema = successEnvelopeSchema.extend(
	transcriptionJobSchema.shape,
);
/** GET /result/{job_id}: the result's fields beside the envelope's. */
export const transcriptionResultResponseSchema = successEnvelopeSchema.extend(
	transcriptionResultSchema.shape,
);

export const startTranscriptionResponseSchema = successEnvelopeSchema.extend({
	job: transcriptionJobSchema,
});

/** Pushed on /transcription as `transcription_update {job_id, data, timestamp}`. */
export const transcriptionUpdateDataSchema = z.object({
	status: transcriptionStatusSchema,
	progress: z.number().min(0).max(1),
	done_seconds: z.number().nonnegative().optional(),
	total_seconds: z.number().nonnegative().optional(),
	segments: z.array(transcriptionSegmentSchema).optional(),
	error_message: z.string().nullable().optional(),
	transcription_id: z.string().nullable().optional(),
});
