import type { Database } from 'better-sqlite3';
import type {
	ApiKeyRecord,
	AudioFileRecord,
	ExportRecord,
	RecordingSessionRecord,
	RecordingSort,
	TranscriptionJobRecord,
	TranscriptRecord,
} from '../records';
import { titleFromFilename } from '../../storage/filenames';
import { createAuthSessionRepository } from './auth-sessions';
import type { Repositories } from './interfaces';
import { createSearchRepository } from './search';
import { createSegmentStore } from './segments';
import { Table } from './table';

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const RECORDING_SORT: Record<RecordingSort, string> = {
	created_at: 'created_at',
	title: 'title COLLATE NOCASE',
	duration: 'duration_seconds',
};

/** The newest row per audio file among `ids` (window function; one query for a page). */
function latestPer<T extends { id: string; audioFileId: string | null }>(
	table: Table<T>,
	ids: string[],
): Map<string, T> {
	if (!ids.length) return new Map();
	const rows = table.where(
		`id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY audio_file_id
			ORDER BY created_at DESC, id DESC) AS rn FROM ${table.name}
			WHERE audio_file_id IN (${inList(ids.length)})) WHERE rn = 1)`,
		...ids,
	);
	return new Map(rows.map((r) => [r.audioFileId!, r]));
}

/** The SQLite implementation of every repository, over one connection. */
export function createSqliteRepositories(db: Database): Repositories {
	const recordings = new Table<AudioFileRecord>(db, 'audio_files', {
		id: { col: 'id' },
		filename: { col: 'filename' },
		relPath: { col: 'rel_path' },
		source: { col: 'source' },
		sizeBytes: { col: 'size_bytes' },
		durationSeconds: { col: 'duration_seconds' },
		sampleRate: { col: 'sample_rate' },
		channels: { col: 'channels' },
		audioFormat: { col: 'audio_format' },
		createdAt: { col: 'created_at' },
		title: { col: 'title' },
	});
	const sessions = new Table<RecordingSessionRecord>(db, 'recording_sessions', {
		id: { col: 'id' },
		owner: { col: 'owner' },
		status: { col: 'status' },
		device: { col: 'device_json', json: true },
		filename: { col: 'filename' },
		relPath: { col: 'rel_path' },
		sampleRate: { col: 'sample_rate' },
		channels: { col: 'channels' },
		samplesWritten: { col: 'samples_written' },
		chunksReceived: { col: 'chunks_received' },
		maxDuration: { col: 'max_duration' },
		autoStopSilence: { col: 'auto_stop_silence' },
		audioFileId: { col: 'audio_file_id' },
		errorMessage: { col: 'error_message' },
		startTime: { col: 'start_time' },
		endTime: { col: 'end_time' },
		updatedAt: { col: 'updated_at' },
	});
	const jobs = new Table<TranscriptionJobRecord>(db, 'transcription_jobs', {
		id: { col: 'id' },
		status: { col: 'status' },
		priority: { col: 'priority' },
		progress: { col: 'progress' },
		audioFileId: { col: 'audio_file_id' },
		options: { col: 'options_json', json: true },
		modelUsed: { col: 'model_used' },
		language: { col: 'language' },
		transcriptId: { col: 'transcript_id' },
		errorMessage: { col: 'error_message' },
		createdAt: { col: 'created_at' },
		startedAt: { col: 'started_at' },
		completedAt: { col: 'completed_at' },
		submittedBy: { col: 'submitted_by' },
	});
	const countPending = db.prepare(
		`SELECT COUNT(*) AS n FROM transcription_jobs WHERE status = 'pending'`,
	);
	const countPendingBy = db.prepare(
		`SELECT COUNT(*) AS n FROM transcription_jobs WHERE status = 'pending' AND submitted_by IS ?`,
	);
	const transcripts = new Table<TranscriptRecord>(db, 'transcripts', {
		id: { col: 'id' },
		audioFileId: { col: 'audio_file_id' },
		sessionId: { col: 'session_id' },
		jobId: { col: 'job_id' },
		kind: { col: 'kind' },
		filename: { col: 'filename' },
		fullText: { col: 'full_text' },
		language: { col: 'language' },
		modelUsed: { col: 'model_used' },
		device: { col: 'device' },
		confidenceAverage: { col: 'confidence_average' },
		wordCount: { col: 'word_count' },
		totalDuration: { col: 'total_duration' },
		processingTime: { col: 'processing_time' },
		speakers: { col: 'speakers_json', json: true },
		createdAt: { col: 'created_at' },
	});
	const exports = new Table<ExportRecord>(db, 'exports', {
		id: { col: 'id' },
		transcriptId: { col: 'transcript_id' },
		format: { col: 'format' },
		filename: { col: 'filename' },
		relPath: { col: 'rel_path' },
		sizeBytes: { col: 'size_bytes' },
		createdAt: { col: 'created_at' },
	});
	const apiKeys = new Table<ApiKeyRecord>(db, 'api_keys', {
		id: { col: 'id' },
		name: { col: 'name' },
		prefix: { col: 'prefix' },
		secretHash: { col: 'secret_hash' },
		scope: { col: 'scope' },
		createdAt: { col: 'created_at' },
		lastUsedAt: { col: 'last_used_at' },
		revokedAt: { col: 'revoked_at' },
	});

	const segments = createSegmentStore(db);
	const renameSegments = db.prepare(`UPDATE transcript_segments SET speaker_name = ?
		WHERE transcript_id = ? AND (speaker_id = ? OR speaker_name = ?)`);
	const speakerNames = db.prepare(`SELECT speaker_name FROM transcript_segments
		WHERE transcript_id = ? AND speaker_name IS NOT NULL GROUP BY speaker_name ORDER BY MIN(idx)`);
	const setSpeakers = db.prepare('UPDATE transcripts SET speakers_json = ? WHERE id = ?');
	const settingsAll = db.prepare('SELECT key, value_json FROM settings');
	const settingsUpsert = db.prepare(`INSERT INTO settings (key, value_json, updated_at)
		VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`);

	return {
		settings: {
			all: () =>
				Object.fromEntries(
					(settingsAll.all() as { key: string; value_json: string }[]).map((r) => [
						r.key,
						JSON.parse(r.value_json) as unknown,
					]),
				),
			setMany: (values) => {
				const at = new Date().toISOString();
				db.transaction(() => {
					for (const [k, v] of Object.entries(values)) settingsUpsert.run(k, JSON.stringify(v), at);
				})();
			},
		},
		recordings: {
			insert: (r) => recordings.insert({ ...r, title: r.title ?? titleFromFilename(r.filename) }),
			get: (id) => recordings.get(id),
			list: (p, sort = { by: 'created_at', order: 'desc' }) => {
				const dir = sort.order === 'asc' ? 'ASC' : 'DESC';
				return {
					items: recordings.where(
						`1 = 1 ORDER BY ${RECORDING_SORT[sort.by]} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
						p.pageSize,
						(p.page - 1) * p.pageSize,
					),
					totalCount: recordings.count(),
				};
			},
			setTitle: (id, title) => {
				if (!recordings.get(id)) return false;
				recordings.update(id, { title });
				return true;
			},
			delete: (id) => recordings.delete(id),
			count: () => recordings.count(),
		},
		sessions: {
			insert: (s) => sessions.insert(s),
			get: (id) => sessions.get(id),
			update: (id, patch) => sessions.update(id, patch),
			listByStatus: (st) =>
				sessions.where(`status IN (${inList(st.length)}) ORDER BY start_time`, ...st),
			delete: (id) => sessions.delete(id),
		},
		jobs: {
			insert: (j) => jobs.insert({ submittedBy: null, ...j }),
			get: (id) => jobs.get(id),
			update: (id, patch) => jobs.update(id, patch),
			listByStatus: (st) =>
				jobs.where(
					`status IN (${inList(st.length)}) ORDER BY priority DESC, created_at, id`,
					...st,
				),
			list: (p, st) => {
				const where = st.length ? `status IN (${inList(st.length)})` : '1 = 1';
				const total = db
					.prepare(`SELECT COUNT(*) AS n FROM transcription_jobs WHERE ${where}`)
					.get(...st) as { n: number };
				return {
					items: jobs.where(
						`${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
						...st,
						p.pageSize,
						(p.page - 1) * p.pageSize,
					),
					totalCount: total.n,
				};
			},
			latestByAudioFiles: (ids) => latestPer(jobs, ids),
			countPending: (by) =>
				(
					(by === undefined ? countPending.get() : countPendingBy.get(by)) as {
						n: number;
					}
				).n,
		},
		transcripts: {
			insert: (t, segs) =>
				db.transaction(() => {
					transcripts.insert(t);
					segments.insertAll(t.id, segs);
				})(),
			get: (id) => transcripts.get(id),
			segments: (id) => segments.all(id),
			segment: (id, index) => segments.get(id, index),
			editSegment: (id, index, text, at) => segments.edit(id, index, text, at),
			segmentVersions: (rowId) => segments.versions(rowId),
			list: (p) => transcripts.page(p),
			listByAudioFile: (id) =>
				transcripts.where('audio_file_id = ? ORDER BY created_at DESC, id DESC', id),
			latestByAudioFiles: (ids) => latestPer(transcripts, ids),
			findByIdPrefix: (prefix, limit) =>
				transcripts.where(
					"id LIKE ? ESCAPE '\\' ORDER BY created_at DESC, id DESC LIMIT ?",
					prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%',
					limit,
				),
			renameSpeaker: (id, match, newName) =>
				db.transaction(() => {
					const { changes } = renameSegments.run(
						newName,
						id,
						match.speakerId ?? null,
						match.oldName ?? null,
					);
					const names = (speakerNames.all(id) as { speaker_name: string }[]).map(
						(r) => r.speaker_name,
					);
					setSpeakers.run(JSON.stringify(names), id);
					return changes;
				})(),
			delete: (id) => transcripts.delete(id),
			count: () => transcripts.count(),
		},
		exports: {
			insert: (e) => exports.insert(e),
			get: (id) => exports.get(id),
			list: (p) => exports.page(p),
			listByTranscript: (id) => exports.where('transcript_id = ? ORDER BY created_at DESC', id),
			delete: (id) => exports.delete(id),
			count: () => exports.count(),
		},
		apiKeys: {
			insert: (k) => apiKeys.insert(k),
			get: (id) => apiKeys.get(id),
			findByHash: (h) => apiKeys.where('secret_hash = ?', h)[0],
			list: () => apiKeys.where('1 = 1 ORDER BY created_at DESC'),
			revoke: (id, at) => {
				const key = apiKeys.get(id);
				if (!key || key.revokedAt) return false;
				apiKeys.update(id, { revokedAt: at });
				return true;
			},
			touch: (id, at) => apiKeys.update(id, { lastUsedAt: at }),
		},
		search: createSearchRepository(db),
		authSessions: createAuthSessionRepository(db),
		transaction: (fn) => db.transaction(fn)(),
		ping: () => {
			db.prepare('SELECT 1').get();
		},
	};
}
