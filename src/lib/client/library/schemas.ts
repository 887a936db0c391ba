import { z } from 'zod';

/*
 * The workspace reads the files, search and jobs endpoints. Fields are parsed loosely (optional
 * where the server may leave them out) so that additions on the server do not break the pages.
 */

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobStateSchema = z.object({
	job_id: z.string(),
	status: z.enum(JOB_STATUSES),
	progress: z.number().catch(0),
	error_message: z.string().nullish(),
});
export type JobState = z.infer<typeof jobStateSchema>;

export const recordingSchema = z.object({
	id: z.string(),
	filename: z.string(),
	title: z.string().nullish(),
	source: z.enum(['recording', 'upload']).catch('recording'),
	duration_seconds: z.number().catch(0),
	size_bytes: z.number().catch(0),
	channels: z.number().catch(1),
	created_at: z.string(),
	transcript: z
		.object({
			id: z.string(),
			created_at: z.string(),
			language: z.string().nullish(),
			model_used: z.string().nullish(),
		})
		.nullish(),
	job: jobStateSchema.nullish(),
});
export type Recording = z.infer<typeof recordingSchema>;

export const transcriptionFileSchema = z.object({
	id: z.string(),
	audio_file_id: z.string().nullish(),
	language: z.string().nullish(),
	model_used: z.string().nullish(),
	created_at: z.string(),
	kind: z.string().nullish(),
});
export type TranscriptionFile = z.infer<typeof transcriptionFileSchema>;

export const wordSchema = z.object({
	word: z.string(),
	start: z.number(),
	end: z.number(),
	probability: z.number().nullish(),
});
export type Word = z.infer<typeof wordSchema>;

export const segmentSchema = z.object({
	id: z.union([z.number(), z.string()]),
	index: z.number().optional(),
	start_time: z.number(),
	end_time: z.number(),
	text: z.string(),
	original_text: z.string().nullish(),
	edited: z.boolean().catch(false),
	speaker_id: z.string().nullish(),
	speaker_name: z.string().nullish(),
	confidence: z.number().nullish(),
	words: z.array(wordSchema).nullish(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const versionSchema = z.object({
	text: z.string(),
	source: z.string(),
	created_at: z.string(),
});
export type SegmentVersion = z.infer<typeof versionSchema>;

export const searchResultSchema = z.object({
	transcription_id: z.string(),
	recording_id: z.string().nullish(),
	recording_title: z.string().nullish(),
	created_at: z.string(),
	hits: z.array(
		z.object({
			segment_id: z.union([z.number(), z.string()]),
			start_time: z.number(),
			end_time: z.number(),
			snippet: z.string(),
		}),
	),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const jobSchema = jobStateSchema.extend({
	recording_id: z.string().nullish(),
	recording_title: z.string().nullish(),
	model_used: z.string().nullish(),
	created_at: z.string(),
	started_at: z.string().nullish(),
});
export type Job = z.infer<typeof jobSchema>;

export const localModelSchema = z.object({ id: z.string(), multilingual: z.boolean().catch(true) });
export type LocalModel = z.infer<typeof localModelSchema>;

/** Parses each item on its own: one odd item is left out instead of failing the whole page. */
export function parseEach<T>(schema: z.ZodType<T>, items: unknown[]): T[] {
	return items.flatMap((item) => {
		const parsed = schema.safeParse(item);
		return parsed.success ? [parsed.data] : [];
	});
}
