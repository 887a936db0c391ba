import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { workspaceMigration } from './migration-workspace';

export type { Migration };

/**
 * Versioned schema. Append only: a released migration is never edited, a change is a new entry.
 * Times are ISO 8601 UTC strings; file paths are stored relative to DATA_DIR.
 */
export const MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		name: 'initial schema',
		sql: `
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value_json TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE audio_files (
	id TEXT PRIMARY KEY,
	filename TEXT NOT NULL,
	rel_path TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL CHECK (source IN ('recording', 'upload', 'import')),
	size_bytes INTEGER NOT NULL,
	duration_seconds REAL NOT NULL,
	sample_rate INTEGER NOT NULL,
	channels INTEGER NOT NULL,
	audio_format TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX audio_files_created ON audio_files (created_at DESC);

CREATE TABLE recording_sessions (
	id TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	device_json TEXT NOT NULL,
	filename TEXT NOT NULL,
	rel_path TEXT NOT NULL,
	sample_rate INTEGER NOT NULL,
	channels INTEGER NOT NULL,
	samples_written INTEGER NOT NULL DEFAULT 0,
	chunks_received INTEGER NOT NULL DEFAULT 0,
	max_duration REAL,
	auto_stop_silence REAL,
	audio_file_id TEXT REFERENCES audio_files (id) ON DELETE SET NULL,
	error_message TEXT,
	start_time TEXT NOT NULL,
	end_time TEXT,
	updated_at TEXT NOT NULL
);
CREATE INDEX recording_sessions_status ON recording_sessions (status);

CREATE TABLE transcripts (
	id TEXT PRIMARY KEY,
	audio_file_id TEXT REFERENCES audio_files (id) ON DELETE CASCADE,
	session_id TEXT,
	job_id TEXT,
	kind TEXT NOT NULL CHECK (kind IN ('file', 'live', 'refined')),
	filename TEXT NOT NULL,
	full_text TEXT NOT NULL,
	language TEXT,
	model_used TEXT NOT NULL,
	device TEXT,
	confidence_average REAL,
	word_count INTEGER NOT NULL,
	total_duration REAL NOT NULL,
	processing_time REAL NOT NULL,
	speakers_json TEXT NOT NULL DEFAULT '[]',
	created_at TEXT NOT NULL
);
CREATE INDEX transcripts_created ON transcripts (created_at DESC);
CREATE INDEX transcripts_audio ON transcripts (audio_file_id);

CREATE TABLE transcript_segments (
	transcript_id TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	start_time REAL NOT NULL,
	end_time REAL NOT NULL,
	text TEXT NOT NULL,
	confidence REAL,
	speaker_id TEXT,
	speaker_name TEXT,
	channel INTEGER,
	words_json TEXT,
	PRIMARY KEY (transcript_id, idx)
);

CREATE TABLE transcription_jobs (
	id TEXT PRIMARY KEY,
	status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
	priority INTEGER NOT NULL DEFAULT 0,
	progress REAL NOT NULL DEFAULT 0,
	audio_file_id TEXT REFERENCES audio_files (id) ON DELETE CASCADE,
	options_json TEXT NOT NULL,
	model_used TEXT,
	language TEXT,
	transcript_id TEXT REFERENCES transcripts (id) ON DELETE SET NULL,
	error_message TEXT,
	created_at TEXT NOT NULL,
	started_at TEXT,
	completed_at TEXT
);
CREATE INDEX transcription_jobs_queue ON transcription_jobs (status, priority DESC, created_at);

CREATE TABLE exports (
	id TEXT PRIMARY KEY,
	transcript_id TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
	format TEXT NOT NULL,
	filename TEXT NOT NULL,
	rel_path TEXT NOT NULL UNIQUE,
	size_bytes INTEGER NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX exports_created ON exports (created_at DESC);

CREATE TABLE api_keys (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	secret_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);
`,
	},
	{
		version: 2,
		name: 'browser sessions',
		sql: `
CREATE TABLE auth_sessions (
	id TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	api_key_id TEXT REFERENCES api_keys (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX auth_sessions_key ON auth_sessions (api_key_id);
`,
	},
	workspaceMigration,
	{
		version: 4,
		name: 'recording session owner',
		// The identity (key:<id> or session:<id>) that started the session; NULL when the server
		// runs without keys. Older sessions have none and stay open to everyone.
		sql: `ALTER TABLE recording_sessions ADD COLUMN owner TEXT;`,
	},
	{
		version: 5,
		name: 'api key scopes',
		// 'full': the whole API; 'worker': only the worker protocol (/api/v1/workers).
		sql: `ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';`,
	},
	{
		version: 6,
		name: 'job submitter',
		// The identity (key:<id> or session:<id>) that submitted the job, for the pending-job cap
		// per identity; NULL without keys, for internal jobs (refinement) and for older jobs.
		sql: `ALTER TABLE transcription_jobs ADD COLUMN submitted_by TEXT;
			CREATE INDEX idx_jobs_status_submitter ON transcription_jobs (status, submitted_by);`,
	},
];

export interface MigrationReport {
	from: number;
	to: number;
	applied: number[];
}

/** Applies pending migrations, each in its own transaction, and records them. */
export function migrate(
	db: Database,
	migrations: readonly Migration[] = MIGRATIONS,
): MigrationReport {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
	const current =
		(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null })
			.v ?? 0;
	const latestKnown = migrations.at(-1)?.version ?? 0;
	if (current > latestKnown) {
		throw new Error(
			`The database is at schema version ${current}, newer than this MeetingScribe knows (${latestKnown}). Upgrade MeetingScribe or use another DATA_DIR.`,
		);
	}
	const applied: number[] = [];
	const record = db.prepare(
		'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
	);
	for (const m of migrations) {
		if (m.version <= current) continue;
		db.transaction(() => {
			db.exec(m.sql);
			m.up?.(db);
			record.run(m.version, m.name, new Date().toISOString());
		})();
		applied.push(m.version);
	}
	return { from: current, to: Math.max(current, latestKnown), applied };
}
