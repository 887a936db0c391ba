import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/lib/server/infra/db/migrations';
import { createSqliteRepositories } from '../../../src/lib/server/infra/db/repositories/sqlite';

const count = (db: Database.Database, table: string) =>
	(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('migration 3 (workspace)', () => {
	it('keeps a version-2 library, titles it, indexes it, and keeps the index current', () => {
		const db = new Database(':memory:');
		db.pragma('foreign_keys = ON');
		migrate(
			db,
			MIGRATIONS.filter((m) => m.version <= 2),
		);
		db.prepare(
			`INSERT INTO audio_files VALUES ('a', 'Réunião/Q3.wav', 'r/a.wav', 'upload', 1, 1, 16000, 1, 'wav', '2020-01-01T00:00:00.000Z')`,
		).run();
		db.prepare(
			`INSERT INTO transcripts (id, audio_file_id, kind, filename, full_text, model_used, word_count,
			total_duration, processing_time, created_at)
			VALUES ('t', 'a', 'file', 'x.json', 'hello world', 'm', 2, 1, 1, '2020-01-01T00:00:00.000Z')`,
		).run();
		db.prepare(
			`INSERT INTO transcript_segments (transcript_id, idx, start_time, end_time, text)
			VALUES ('t', 0, 0, 1, 'hello world')`,
		).run();

		migrate(db);
		const repos = createSqliteRepositories(db);
		expect(repos.recordings.get('a')?.title).toBe('Réunião_Q3');
		const page = { page: 1, pageSize: 10 };
		expect(repos.search.search('"hello"', page, 5).totalCount).toBe(1);

		const edited = repos.transcripts.editSegment('t', 0, 'bye world', '2021-01-01T00:00:00.000Z');
		expect(edited).toMatchObject({ text: 'bye world', originalText: 'hello world', index: 0 });
		expect(repos.search.search('"hello"', page, 5).totalCount).toBe(0);
		expect(repos.search.search('"bye"', page, 5).items[0]?.hits[0]).toMatchObject({ index: 0 });
		expect(repos.transcripts.get('t')).toMatchObject({ fullText: 'bye world', wordCount: 2 });

		repos.recordings.delete('a');
		expect(count(db, 'segment_search')).toBe(0);
		expect(count(db, 'segment_versions')).toBe(0);
		expect(count(db, 'transcript_segments')).toBe(0);
	});
});
