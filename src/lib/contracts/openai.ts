import { z } from 'zod';

export const OPENAI_RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;

const numberish = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
	z.number(),
);

/**
 * Form fields of POST /v1/audio/transcriptions and /v1/audio/translations, as OpenAI's API takes
 * them (the file arrives as the multipart field `file`).
 */
export const openAiTranscriptionFormSchema = z.object({
	/** `whisper-1` (and OpenAI's other names) map to the configured default model. */
	model: z.string().trim().min(1).max(200),
	language: z.string().trim().min(2).max(32).optional(),
	prompt: z.string().max(2000).optional(),
	response_format: z.enum(OPENAI_RESPONSE_FORMATS).default('json'),
	temperature: numberish.pipe(z.number().min(0).max(1)).optional(),
	'timestamp_granularities[]': z.array(z.enum(['word', 'segment'])).optional(),
});
export type OpenAiTranscriptionForm = z.infer<typeof openAiTranscriptionFormSchema>;

export const openAiVerboseSegmentSchema = z.object({
	id: z.number().int(),
	seek: z.number().int(),
	start: z.number(),
	end: z.number(),
	text: z.string(),
	tokens: z.array(z.number().int()),
	temperature: z.number(),
	avg_logprob: z.number(),
	compression_ratio: z.number(),
	no_speech_prob: z.number(),
});

export const openAiVerboseSchema = z.object({
	task: z.enum(['transcribe', 'translate']),
	language: z.string(),
	duration: z.number(),
	text: z.string(),
	segments: z.array(openAiVerboseSegmentSchema).optional(),
	words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).optional(),
});
