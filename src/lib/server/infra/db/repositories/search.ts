import type { Database } from 'better-sqlite3';
import type { PageRequest } from '../records';
import type { SearchRepository } from './interfaces';

/** What the index puts around each hit in a snippet (private-use characters; see migration 3). */
export const SEARCH_MARK = { open: '\uE000', close: '\uE001' } as const;

/** Words of context a snippet keeps around its hits. */
const SNIPPET_TOKENS = 24;

/**
 * Full-text search over segments' current text and speaker names (FTS5 table `segment_search`,
 * kept current by triggers). `match` is an FTS5 query the caller built from user input; results
 * are transcripts, best match first, each with its first `hitsPerTranscript` hits in time order.
 */
export function createSearchRepository(db: Database): SearchRepository {
	const count = db.prepare(`SELECT COUNT(DISTINCT s.transcript_id) AS n
		FROM segment_search JOIN transcript_segments s ON s.id = segment_search.rowid
		WHERE segment_search MATCH ?`);
	const page = db.prepare(`SELECT s.transcript_id AS tid, COUNT(*) AS n
		FROM segment_search
		JOIN transcript_segments s ON s.id = segment_search.rowid
		JOIN transcripts t ON t.id = s.transcript_id
		WHERE segment_search MATCH ?
		GROUP BY s.transcript_id
		ORDER BY MIN(segment_search.rank), MAX(t.created_at) DESC, s.transcript_id
		LIMIT ? OFFSET ?`);
	const hits = db.prepare(`SELECT s.idx, s.start_time, s.end_time,
			snippet(segment_search, 0, '${SEARCH_MARK.open}', '${SEARCH_MARK.close}', '…', ${SNIPPET_TOKENS}) AS snippet
		FROM segment_search JOIN transcript_segments s ON s.id = segment_search.rowid
		WHERE segment_search MATCH ? AND s.transcript_id = ?
		ORDER BY s.idx LIMIT ?`);

	return {
		search(match: string, request: PageRequest, hitsPerTranscript: number) {
			const totalCount = (count.get(match) as { n: number }).n;
			const offset = (request.page - 1) * request.pageSize;
			if (offset >= totalCount) return { items: [], totalCount };
			const rows = page.all(match, request.pageSize, offset) as { tid: string; n: number }[];
			return {
				totalCount,
				items: rows.map((r) => ({
					transcriptId: r.tid,
					hitCount: r.n,
					hits: (
						hits.all(match, r.tid, hitsPerTranscript) as {
							idx: number;
							start_time: number;
							end_time: number;
							snippet: string;
						}[]
					).map((h) => ({
						index: h.idx,
						start: h.start_time,
						end: h.end_time,
						snippet: h.snippet,
					})),
				})),
			};
		},
	};
}
