import type { SearchQuery, SearchResult } from '../../contracts/search';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { titleFromFilename } from '../infra/storage/filenames';
import { toFtsQuery } from './query';
import { snippetHtml } from './snippet';

/** Hits listed per transcript; `hit_count` tells how many there are in all. */
export const HITS_PER_TRANSCRIPT = 20;

export interface SearchPageResult {
	results: SearchResult[];
	total_count: number;
	page: number;
	page_size: number;
	query: string;
}

/**
 * Full-text search over every transcript's current text (edits included) and speaker names.
 * Results are transcripts, best match first, each naming its recording.
 */
export function searchTranscripts(
	repos: Pick<Repositories, 'search' | 'transcripts' | 'recordings'>,
	query: SearchQuery,
): SearchPageResult {
	const match = toFtsQuery(query.q);
	const base = { page: query.page, page_size: query.page_size, query: match ?? '' };
	if (!match) return { ...base, results: [], total_count: 0 };
	const found = repos.search.search(
		match,
		{ page: query.page, pageSize: query.page_size },
		HITS_PER_TRANSCRIPT,
	);
	const results = found.items.flatMap((item): SearchResult[] => {
		const t = repos.transcripts.get(item.transcriptId);
		if (!t) return [];
		const audio = t.audioFileId ? repos.recordings.get(t.audioFileId) : undefined;
		return [
			{
				transcription_id: t.id,
				recording_id: audio?.id ?? null,
				recording_title: audio ? (audio.title ?? titleFromFilename(audio.filename)) : null,
				created_at: t.createdAt,
				hits: item.hits.map((h) => ({
					segment_id: h.index,
					start_time: h.start,
					end_time: h.end,
					snippet: snippetHtml(h.snippet),
				})),
				hit_count: item.hitCount,
			},
		];
	});
	return { ...base, results, total_count: found.totalCount };
}
