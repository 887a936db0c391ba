import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate, type MigrationReport } from './migrations';

export type { Database };

export interface OpenedDatabase {
	db: Database;
	migrations: MigrationReport;
}

/** Opens (creating if needed) the SQLite database in WAL mode and brings its schema up to date. */
export function openDatabase(file: string): OpenedDatabase {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const db = new BetterSqlite3(file);
	db.pragma('journal_mode = WAL');
	// NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
	// last transactions, which the audio files on disk do not depend on.
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	const migrations = migrate(db);
	return { db, migrations };
}

/** Checkpoints the WAL into the main file and closes; the database is whole on disk after this. */
export function closeDatabase(db: Database): void {
	if (!db.open) return;
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.close();
}

/** SQLite's own consistency check: `['ok']` for a healthy file, else (up to 10) problems. */
export function integrityCheck(db: Database): string[] {
	const rows = db.pragma('integrity_check(10)') as { integrity_check: string }[];
	return rows.map((r) => r.integrity_check);
}
