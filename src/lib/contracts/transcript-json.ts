import { z } from 'zod';
import { timestampSchema } from './api';

/**
 * The JSON export of a transcript: OpenAI's `verbose_json` transcription fields (so tools that
 * read Whisper output read it too), plus speakers, per-segment confidence and metadata.
 */
export const transcriptJsonWordSchema = z.object({
	word: z.string(),
	start: z.number().nonnegative(),
	end: z.number().nonnegative(),
	probability: z.number().min(0).max(1).optional(),
});

export const transcriptJsonSegmentSchema = z.object({
	id: z.number().int().nonnegative(),
	/** Whisper's decoding-window offset; we keep no windows, so it is the start in 10 ms frames. */
	seek: z.number().int().nonnegative(),
	start: z.number().nonnegative(),
	end: z.number().nonnegative(),
	text: z.string(),
	tokens: z.array(z.number().int()).optional(),
	temperature: z.number(),
	avg_logprob: z.number().optional(),
	compression_ratio: z.number().optional(),
	no_speech_prob: z.number().optional(),
	// Ours:
	confidence: z.number().nullable(),
	speaker_id: z.string().nullable(),
	speaker_name: z.string().nullable(),
	/** 0 microphone, 1 tab audio, for two-channel recordings; null otherwise. */
	channel: z.number().int().nullable(),
	words: z.array(transcriptJsonWordSchema).optional(),
});

export const transcriptJsonMetadataSchema = z.object({
	transcription_id: z.string(),
	title: z.string(),
	audio_file_id: z.string().nullable(),
	audio_filename: z.string().nullable(),
	kind: z.enum(['file', 'live', 'refined']),
	model_used: z.string(),
	device: z.string().nullable(),
	confidence_average: z.number().nullable(),
	word_count: z.number().int().nonnegative(),
	processing_time: z.number().nonnegative(),
	created_at: timestampSchema,
});

export const transcriptJsonSchema = z.object({
	task: z.literal('transcribe'),
	/** ISO 639-1 code as detected or asked for; 'unknown' when neither. */
	language: z.string(),
	duration: z.number().nonnegative(),
	text: z.string(),
	segments: z.array(transcriptJsonSegmentSchema),
	words: z.array(transcriptJsonWordSchema),
	speakers: z.array(z.string()),
	/** Absent when the export was asked for without metadata. */
	metadata: transcriptJsonMetadataSchema.optional(),
});

export type TranscriptJson = z.infer<typeof transcriptJsonSchema>;
