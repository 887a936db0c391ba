import type { Database } from 'better-sqlite3';

/** One step of the versioned schema (see migrations.ts). */
export interface Migration {
	version: number;
	name: string;
	sql: string;
	/** Data changes SQL cannot express, run after `sql` in the same transaction. */
	up?(db: Database): void;
}
