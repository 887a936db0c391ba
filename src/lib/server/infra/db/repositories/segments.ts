import type { Database } from 'better-sqlite3';
import type {
	SegmentRecord,
	SegmentVersionRecord,
	StoredSegmentRecord,
	WordRecord,
} from '../records';

type Row = Record<string, unknown>;

function toStoredSegment(r: Row): StoredSegmentRecord {
	return {
		rowId: r.id as number,
		index: r.idx as number,
		start: r.start_time as number,
		end: r.end_time as number,
		text: r.text as string,
		originalText: r.original_text as string,
		editedAt: r.edited_at as string | null,
		confidence: r.confidence as number | null,
		speakerId: r.speaker_id as string | null,
		speakerName: r.speaker_name as string | null,
		channel: r.channel as number | null,
		words: typeof r.words_json === 'string' ? (JSON.parse(r.words_json) as WordRecord[]) : null,
	};
}

/** Segment rows of transcripts: insert, read, edit with versions. Used by the transcripts repo. */
export function createSegmentStore(db: Database) {
	const insert = db.prepare(`INSERT INTO transcript_segments
		(transcript_id, idx, start_time, end_time, text, original_text, confidence, speaker_id,
		 speaker_name, channel, words_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
	const all = db.prepare('SELECT * FROM transcript_segments WHERE transcript_id = ? ORDER BY idx');
	const one = db.prepare('SELECT * FROM transcript_segments WHERE transcript_id = ? AND idx = ?');
	const setText = db.prepare('UPDATE transcript_segments SET text = ?, edited_at = ? WHERE id = ?');
	const addVersion = db.prepare(
		'INSERT INTO segment_versions (segment_id, text, created_at) VALUES (?, ?, ?)',
	);
	const versions = db.prepare(
		'SELECT text, created_at FROM segment_versions WHERE segment_id = ? ORDER BY id',
	);
	const setFullText = db.prepare(
		'UPDATE transcripts SET full_text = ?, word_count = ? WHERE id = ?',
	);

	return {
		insertAll(transcriptId: string, segments: SegmentRecord[]): void {
			segments.forEach((s, i) =>
				insert.run(
					transcriptId,
					i,
					s.start,
					s.end,
					s.text,
					s.text,
					s.confidence,
					s.speakerId,
					s.speakerName,
					s.channel,
					s.words ? JSON.stringify(s.words) : null,
				),
			);
		},
		all: (transcriptId: string) => (all.all(transcriptId) as Row[]).map(toStoredSegment),
		get(transcriptId: string, index: number): StoredSegmentRecord | undefined {
			const row = one.get(transcriptId, index) as Row | undefined;
			return row ? toStoredSegment(row) : undefined;
		},
		/**
		 * Sets a segment's current text and records it as a version; the text equal to the
		 * model's marks the segment unedited again. The transcript's full text follows.
		 */
		edit(
			transcriptId: string,
			index: number,
			text: string,
			at: string,
		): StoredSegmentRecord | undefined {
			return db.transaction(() => {
				const row = one.get(transcriptId, index) as Row | undefined;
				if (!row) return undefined;
				const segment = toStoredSegment(row);
				if (segment.text === text) return segment;
				setText.run(text, text === segment.originalText ? null : at, segment.rowId);
				addVersion.run(segment.rowId, text, at);
				const fullText = (all.all(transcriptId) as Row[])
					.map((r) => (r.text as string).trim())
					.filter(Boolean)
					.join(' ');
				setFullText.run(fullText, fullText.split(/\s+/).filter(Boolean).length, transcriptId);
				return toStoredSegment(one.get(transcriptId, index) as Row);
			})();
		},
		versions: (rowId: number): SegmentVersionRecord[] =>
			(versions.all(rowId) as { text: string; created_at: string }[]).map((v) => ({
				text: v.text,
				createdAt: v.created_at,
			})),
	};
}
