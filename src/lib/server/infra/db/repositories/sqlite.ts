import type { Database } from 'better-sqlite3';
import type {
	ApiKeyRecord,
	AudioFileRecord,
	ExportRecord,
	RecordingSessionRecord,
	SegmentRecord,
	TranscriptionJobRecord,
	TranscriptRecord,
	WordRecord,
} from '../records';
import { createAuthSessionRepository } from './auth-sessions';
import type { Repositories } from './interfaces';
import { Table } from './table';

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

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
	});
	const sessions = new Table<RecordingSessionRecord>(db, 'recording_sessions', {
		id: { col: 'id' },
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
	});
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

	const insertSegment = db.prepare(`INSERT INTO transcript_segments
		(transcript_id, idx, start_time, end_time, text, confidence, speaker_id, speaker_name, channel, words_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
	const selectSegments = db.prepare(
		'SELECT * FROM transcript_segments WHERE transcript_id = ? ORDER BY idx',
	);
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
			insert: (r) => recordings.insert(r),
			get: (id) => recordings.get(id),
			list: (p) => recordings.page(p),
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
			insert: (j) => jobs.insert(j),
			get: (id) => jobs.get(id),
			update: (id, patch) => jobs.update(id, patch),
			listByStatus: (st) =>
				jobs.where(
					`status IN (${inList(st.length)}) ORDER BY priority DESC, created_at, id`,
					...st,
				),
		},
		transcripts: {
			insert: (t, segments) =>
				db.transaction(() => {
					transcripts.insert(t);
					segments.forEach((s, i) =>
						insertSegment.run(
							t.id,
							i,
							s.start,
							s.end,
							s.text,
							s.confidence,
							s.speakerId,
							s.speakerName,
							s.channel,
							s.words ? JSON.stringify(s.words) : null,
						),
					);
				})(),
			get: (id) => transcripts.get(id),
			segments: (id) =>
				(selectSegments.all(id) as Record<string, unknown>[]).map((r): SegmentRecord => ({
					start: r.start_time as number,
					end: r.end_time as number,
					text: r.text as string,
					confidence: r.confidence as number | null,
					speakerId: r.speaker_id as string | null,
					speakerName: r.speaker_name as string | null,
					channel: r.channel as number | null,
					words:
						typeof r.words_json === 'string' ? (JSON.parse(r.words_json) as WordRecord[]) : null,
				})),
			list: (p) => transcripts.page(p),
			listByAudioFile: (id) => transcripts.where('audio_file_id = ? ORDER BY created_at DESC', id),
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
		authSessions: createAuthSessionRepository(db),
		transaction: (fn) => db.transaction(fn)(),
		ping: () => {
			db.prepare('SELECT 1').get();
		},
	};
}
