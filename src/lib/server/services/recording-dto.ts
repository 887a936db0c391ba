import type { AudioFile, RecordingSession } from '../../contracts/audio';
import { WAV_HEADER_BYTES } from '../audio/wav-header';
import type { IngestSession } from '../audio/ingest-session';
import type { AudioFileRecord, RecordingSessionRecord } from '../db/records';

/** `H:MM:SS`, or `M:SS` under an hour. */
export function formatDuration(seconds: number): string {
	const total = Math.floor(seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function toAudioFileDto(r: AudioFileRecord): AudioFile {
	return {
		id: r.id,
		filename: r.filename,
		path: r.relPath,
		size_bytes: r.sizeBytes,
		size_mb: Math.round((r.sizeBytes / (1024 * 1024)) * 100) / 100,
		duration_seconds: r.durationSeconds,
		duration_formatted: formatDuration(r.durationSeconds),
		sample_rate: r.sampleRate,
		channels: r.channels,
		audio_format: r.audioFormat,
		created_at: r.createdAt,
	};
}

/** A session as stored (ended, or seen from the database). */
export function toSessionDto(r: RecordingSessionRecord): RecordingSession {
	const kept = r.audioFileId !== null;
	return {
		session_id: r.id,
		device: r.device,
		status: r.status,
		start_time: r.startTime,
		duration_seconds: r.samplesWritten / r.sampleRate,
		file_path: kept ? r.relPath : null,
		file_size_bytes: kept ? WAV_HEADER_BYTES + r.samplesWritten * r.channels * 2 : 0,
		error_message: r.errorMessage,
		channels: r.channels,
		sample_rate: r.sampleRate,
		chunks_received: r.chunksReceived,
		audio_file_id: r.audioFileId,
	};
}

/** An open session, from its live state. */
export function toLiveSessionDto(s: IngestSession): RecordingSession {
	const { record: r, tracker } = s;
	return {
		...toSessionDto(r),
		status: s.state,
		duration_seconds: tracker.extent / r.sampleRate,
		file_path: r.relPath,
		file_size_bytes: WAV_HEADER_BYTES + tracker.extent * r.channels * 2,
		chunks_received: s.chunksReceived,
	};
}
