import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';

/**
 * GET /api/v1/search. Any text is a valid query: words are matched (accents folded, the last
 * word also as a prefix), "double quotes" keep a phrase together; operators and punctuation are
 * plain text. A query without letters or digits finds nothing.
 */
export const searchQuerySchema = z.object({
	q: z
		.string({ error: 'Give a search query in q' })
		.trim()
		.min(1, { error: 'Give a search query in q' })
		.max(500),
	page: z.coerce.number().int().min(1).default(1),
	page_size: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
	/** The segment's id in its transcript (GET /api/v1/files/transcriptions/{id}). */
	segment_id: z.number().int().nonnegative(),
	start_time: z.number().nonnegative(),
	end_time: z.number().nonnegative(),
	/** HTML: the segment's text, escaped, with `<mark>…</mark>` around each hit. */
	snippet: z.string(),
});

export const searchResultSchema = z.object({
	transcription_id: z.string(),
	recording_id: z.string().nullable(),
	recording_title: z.string().nullable(),
	/** When the transcript was made. */
	created_at: timestampSchema,
	/** The first matching segments, in time order. */
	hits: z.array(searchHitSchema),
	/** All matching segments of this transcript (hits stops at 20). */
	hit_count: z.number().int().nonnegative(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = successEnvelopeSchema.extend({
	results: z.array(searchResultSchema),
	/** Transcripts that match. */
	total_count: z.number().int().nonnegative(),
	page: z.number().int().positive(),
	page_size: z.number().int().positive(),
	/** The query as understood (FTS5 syntax), for the curious. */
	query: z.string(),
});
