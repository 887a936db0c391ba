import { searchQuerySchema, searchResponseSchema } from '../search';
import { defineArea, named } from './spec';

export const searchArea = defineArea({
	tag: 'Search',
	description:
		'Full-text search (SQLite FTS5) over every transcript’s current text, edits included, and its speaker names; kept current on every write.',
	operations: [
		{
			method: 'get',
			path: '/api/v1/search',
			operationId: 'search',
			examples: [
				{
					summary: 'Words, as typed in the search box',
					query: { q: 'budget review' },
					status: 200,
				},
				{
					summary: 'Search syntax is plain text, never an error',
					query: { q: '"next steps" OR NEAR(x*) -- \'' },
					status: 200,
				},
				{ summary: 'An empty query', query: { q: '' }, status: 422 },
			],
			summary: 'Search transcripts',
			description:
				'Any text is a valid query: words must all appear (accents folded; the last word also matches as a prefix), "double quotes" keep a phrase, operators and punctuation are plain text. Results are transcripts, best match first; `total_count` counts transcripts. Each hit has the segment id and times; `snippet` is HTML-escaped text with `<mark>` around the matches.',
			query: searchQuerySchema,
			responses: {
				200: {
					description: 'A page of matching transcripts',
					schema: named('SearchResponse', searchResponseSchema),
				},
			},
		},
	],
});
