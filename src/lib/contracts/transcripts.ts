import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';
import { transcriptionFileSchema } from './files';

/**
 * A transcript as the workspace reads and edits it. Segments are addressed by `id`, their
 * position in the transcript (from 0), which never changes: edits change text, never order.
 */
export const transcriptSegmentSchema = z.object({
	id: z.number().int().nonnegative(),
	index: z.number().int().nonnegative(),
	start_time: z.number().nonnegative(),
	end_time: z.number().nonnegative(),
	/** The current text: the latest edit, else the model's. Exports and search use this. */
	text: z.string(),
	/** What the model wrote. */
	original_text: z.string(),
	/** True while the current text differs from the model's. */
	edited: z.boolean(),
	speaker_id: z.string().nullable(),
	speaker_name: z.string().nullable(),
	confidence: z.number().min(0).max(1).nullable(),
	/** 0 microphone, 1 tab audio, for two-channel recordings. */
	channel: z.number().int().nullable(),
	/** Word timings of the model's text, where they were asked for. */
	words: z
		.array(
			z.object({
				word: z.string(),
				start: z.number(),
				end: z.number(),
				probability: z.number().min(0).max(1).optional(),
			}),
		)
		.optional(),
});
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;

export const transcriptionDetailSchema = successEnvelopeSchema.extend({
	transcription: transcriptionFileSchema,
	segments: z.array(transcriptSegmentSchema),
});

export const segmentParamsSchema = z.object({
	segment_id: z.coerce
		.number({ error: 'Use the segment id the API returned (a whole number)' })
		.int()
		.nonnegative()
		.max(10_000_000),
});

/** PATCH …/segments/{segment_id}: the new text; the model's text again reverts the edit. */
export const editSegmentRequestSchema = z
	.object({
		text: z
			.string()
			.min(1)
			.max(10_000)
			.refine((t) => t.trim() !== '', { error: 'Give some text (to remove words, edit them)' }),
	})
	.strict();
export type EditSegmentRequest = z.infer<typeof editSegmentRequestSchema>;

export const segmentResponseSchema = successEnvelopeSchema.extend({
	segment: transcriptSegmentSchema,
});

export const segmentVersionSchema = z.object({
	text: z.string(),
	/** `model`: what the model wrote (always first); `edit`: a text someone saved. */
	source: z.enum(['model', 'edit']),
	created_at: timestampSchema,
});
export type SegmentVersion = z.infer<typeof segmentVersionSchema>;

export const segmentVersionsResponseSchema = successEnvelopeSchema.extend({
	versions: z.array(segmentVersionSchema),
});
