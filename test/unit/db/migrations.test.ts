import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/infra/db/connection';
import { MIGRATIONS, migrate, type Migration } from '../../../src/lib/server/infra/db/migrations';
import { tempDir } from '../../helpers/server';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

describe('migrations', () => {
	it('bring a new database to the latest version, in WAL mode', () => {
		const file = path.join(tempDir(), 'a.db');
		const { db, migrations } = openDatabase(file);
		expect(migrations).toEqual({
			from: 0,
			to: LATEST,
			applied: MIGRATIONS.map((m) => m.version),
		});
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		const tables = (
			db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]
		).map((t) => t.name);
		expect(tables).toEqual(
			expect.arrayContaining([
				'settings',
				'audio_files',
				'recording_sessions',
				'transcription_jobs',
				'transcripts',
				'transcript_segments',
				'exports',
				'api_keys',
				'auth_sessions',
			]),
		);
		db.close();
	});

	it('apply nothing the second time', () => {
		const file = path.join(tempDir(), 'b.db');
		openDatabase(file).db.close();
		const { db, migrations } = openDatabase(file);
		expect(migrations.applied).toEqual([]);
		db.close();
	});

	it('roll back a failing migration entirely and keep the version', () => {
		const db = new Database(':memory:');
		migrate(db);
		const broken: Migration[] = [
			...MIGRATIONS,
			{
				version: LATEST + 1,
				name: 'broken',
				sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);',
			},
		];
		expect(() => migrate(db, broken)).toThrow(/nowhere/);
		expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
		expect(
			(db.prepare('SELECT MAX(version) v FROM schema_migrations').get() as { v: number }).v,
		).toBe(LATEST);
	});

	it('refuse a database written by a newer version', () => {
		const db = new Database(':memory:');
		migrate(db);
		db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', 'now')").run(LATEST + 1000);
		expect(() => migrate(db)).toThrow(/newer than this MeetingScribe knows/);
	});
});
