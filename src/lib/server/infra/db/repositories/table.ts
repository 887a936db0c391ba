import type { Database, Statement } from 'better-sqlite3';
import type { Page, PageRequest } from '../records';

type Row = Record<string, unknown>;

/** How one record field is stored: its column and whether it is JSON-encoded. */
export interface ColumnSpec {
	col: string;
	json?: boolean;
}

export type ColumnMap<T> = { [K in keyof T]-?: ColumnSpec };

/**
 * Generic row mapping and CRUD for a table whose rows map one-to-one to a record type. Keeps
 * each repository down to its own queries, and the column list in one place.
 */
export class Table<T extends { id: string }> {
	private readonly fields: (keyof T & string)[];
	private readonly insertStmt: Statement;
	private readonly getStmt: Statement;
	private readonly deleteStmt: Statement;
	private readonly countStmt: Statement;
	private readonly updateCache = new Map<string, Statement>();

	constructor(
		private readonly db: Database,
		readonly name: string,
		private readonly columns: ColumnMap<T>,
	) {
		this.fields = Object.keys(columns) as (keyof T & string)[];
		const cols = this.fields.map((f) => columns[f].col);
		this.insertStmt = db.prepare(
			`INSERT INTO ${name} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
		);
		this.getStmt = db.prepare(`SELECT * FROM ${name} WHERE id = ?`);
		this.deleteStmt = db.prepare(`DELETE FROM ${name} WHERE id = ?`);
		this.countStmt = db.prepare(`SELECT COUNT(*) AS n FROM ${name}`);
	}

	toRow(record: Partial<T>): Row {
		const row: Row = {};
		for (const f of this.fields) {
			if (!(f in record)) continue;
			const spec = this.columns[f];
			const v = record[f];
			row[spec.col] = spec.json ? (v === null ? null : JSON.stringify(v)) : v;
		}
		return row;
	}

	fromRow(row: Row): T {
		const out: Record<string, unknown> = {};
		for (const f of this.fields) {
			const spec = this.columns[f];
			const v = row[spec.col];
			out[f] = spec.json && typeof v === 'string' ? JSON.parse(v) : v;
		}
		return out as T;
	}

	insert(record: T): void {
		this.insertStmt.run(this.toRow(record));
	}

	get(id: string): T | undefined {
		const row = this.getStmt.get(id) as Row | undefined;
		return row ? this.fromRow(row) : undefined;
	}

	update(id: string, patch: Partial<T>): void {
		const row = this.toRow(patch);
		const cols = Object.keys(row).filter((c) => c !== 'id');
		if (!cols.length) return;
		const key = cols.join(',');
		let stmt = this.updateCache.get(key);
		if (!stmt) {
			stmt = this.db.prepare(
				`UPDATE ${this.name} SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
			);
			this.updateCache.set(key, stmt);
		}
		stmt.run({ ...row, id });
	}

	delete(id: string): boolean {
		return this.deleteStmt.run(id).changes > 0;
	}

	count(): number {
		return (this.countStmt.get() as { n: number }).n;
	}

	/** Rows matching an optional WHERE clause (trusted SQL from the repository, values bound). */
	where(clause: string, ...params: unknown[]): T[] {
		return (
			this.db.prepare(`SELECT * FROM ${this.name} WHERE ${clause}`).all(...params) as Row[]
		).map((r) => this.fromRow(r));
	}

	/** A page, newest first by created_at (ties broken by id for a stable order). */
	page({ page, pageSize }: PageRequest): Page<T> {
		const rows = this.db
			.prepare(`SELECT * FROM ${this.name} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`)
			.all(pageSize, (page - 1) * pageSize) as Row[];
		return { items: rows.map((r) => this.fromRow(r)), totalCount: this.count() };
	}
}
