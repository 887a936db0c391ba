import { z } from 'zod';

export const OPENAI_RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;

const numberish = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
	z.number(),
);

const boolish = z.preprocess(
	(v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
	z.boolean(),
);
const speakerCount = numberish.pipe(z.number().int().min(1).max(20)).optional();

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
	/**
	 * Not OpenAI's: `true` labels speakers by voice (the diarization models must be installed);
	 * verbose_json segments then carry `speaker` and `speaker_id`, srt/vtt/text name them.
	 */
	diarize: boolish
		.default(false)
		.describe(
			'Extension: label speakers by voice (verbose_json segments get `speaker` and `speaker_id`). Needs the diarization models (Settings → Models); 503 MODEL_UNAVAILABLE when they are missing.',
		),
	num_speakers: speakerCount.describe('Extension, with diarize: the number of speakers when known'),
	min_speakers: speakerCount.describe('Extension, with diarize: at least this many speakers'),
	max_speakers: speakerCount.describe('Extension, with diarize: at most this many speakers'),
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
	/** With `diarize=true` (an extension): the voice's name ("Speaker 1") and id ("speaker-1"). */
	speaker: z.string().nullable().optional(),
	speaker_id: z.string().nullable().optional(),
});

export const openAiVerboseSchema = z.object({
	task: z.enum(['transcribe', 'translate']),
	language: z.string(),
	duration: z.number(),
	text: z.string(),
	segments: z.array(openAiVerboseSegmentSchema).optional(),
	words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).optional(),
});
