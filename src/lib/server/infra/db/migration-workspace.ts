import type { Migration } from './migration';
import { titleFromFilename } from '../storage/filenames';

/**
 * The text as indexed: without the two private-use characters the search snippets use as hit
 * markers (U+E000, U+E001), so a marker in a snippet is always one the index put there.
 */
const indexed = (col: string) => `replace(replace(${col}, char(57344), ''), char(57345), '')`;

/**
 * The workspace (issue 15): recording titles, segment edits kept as versions, and full-text
 * search over the current text of every segment.
 *
 * Segments get a stable integer key (`id INTEGER PRIMARY KEY`): the search index is keyed by it,
 * and a plain rowid may change on VACUUM. SQLite cannot add a primary key to a table, so the
 * table is rebuilt. `text` stays the current text (what exports, downloads and results read);
 * `original_text` is the model's. The index is kept current by triggers, so every writer
 * (transcripts, edits, speaker renames, deletes and their cascades) updates it in the same
 * transaction, and none can forget to.
 */
export const workspaceMigration: Migration = {
	version: 3,
	name: 'workspace: titles, segment versions, search',
	sql: `
ALTER TABLE audio_files ADD COLUMN title TEXT;

CREATE TABLE transcript_segments_v3 (
	id INTEGER PRIMARY KEY,
	transcript_id TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	start_time REAL NOT NULL,
	end_time REAL NOT NULL,
	text TEXT NOT NULL,
	original_text TEXT NOT NULL,
	edited_at TEXT,
	confidence REAL,
	speaker_id TEXT,
	speaker_name TEXT,
	channel INTEGER,
	words_json TEXT,
	UNIQUE (transcript_id, idx)
);
INSERT INTO transcript_segments_v3
	(transcript_id, idx, start_time, end_time, text, original_text, confidence, speaker_id,
	 speaker_name, channel, words_json)
	SELECT transcript_id, idx, start_time, end_time, text, text, confidence, speaker_id,
		speaker_name, channel, words_json
	FROM transcript_segments ORDER BY transcript_id, idx;
DROP TABLE transcript_segments;
ALTER TABLE transcript_segments_v3 RENAME TO transcript_segments;

-- Edits only: the model's text is original_text, so it is never stored twice.
CREATE TABLE segment_versions (
	id INTEGER PRIMARY KEY,
	segment_id INTEGER NOT NULL REFERENCES transcript_segments (id) ON DELETE CASCADE,
	text TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX segment_versions_segment ON segment_versions (segment_id, id);

CREATE INDEX transcription_jobs_audio ON transcription_jobs (audio_file_id, created_at);
CREATE INDEX transcription_jobs_created ON transcription_jobs (created_at DESC);
CREATE INDEX transcripts_audio_created ON transcripts (audio_file_id, created_at);

-- Diacritics folded, so "reuniao" finds "reunião".
CREATE VIRTUAL TABLE segment_search USING fts5(
	text, speaker, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER segment_search_insert AFTER INSERT ON transcript_segments BEGIN
	INSERT INTO segment_search (rowid, text, speaker)
	VALUES (new.id, ${indexed('new.text')}, coalesce(new.speaker_name, ''));
END;
CREATE TRIGGER segment_search_delete AFTER DELETE ON transcript_segments BEGIN
	DELETE FROM segment_search WHERE rowid = old.id;
END;
CREATE TRIGGER segment_search_update AFTER UPDATE OF text, speaker_name ON transcript_segments
BEGIN
	UPDATE segment_search SET text = ${indexed('new.text')}, speaker = coalesce(new.speaker_name, '')
	WHERE rowid = new.id;
END;
INSERT INTO segment_search (rowid, text, speaker)
	SELECT id, ${indexed('text')}, coalesce(speaker_name, '') FROM transcript_segments;
`,
	up(db) {
		const rows = db.prepare('SELECT id, filename FROM audio_files').all() as {
			id: string;
			filename: string;
		}[];
		const set = db.prepare('UPDATE audio_files SET title = ? WHERE id = ?');
		for (const r of rows) set.run(titleFromFilename(r.filename), r.id);
	},
};
