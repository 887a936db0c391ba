import type { ChunkAck, RecordingSession } from '../../contracts/audio';
import { WAV_HEADER_BYTES } from '../infra/media/wav';
import type { IngestSession } from './ingest-session';
import type { RecordingSessionRecord } from '../infra/db/records';

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
		chunk_duration: s.chunkDuration,
	};
}

/** A session is its owner's; one started without credentials (no keys) is everyone's. */
export const ownedBy = (r: RecordingSessionRecord, owner: string | null) =>
	r.owner === null || r.owner === owner;

/** The answer to a chunk sent over HTTP: which frames the session now holds. */
export function toChunkAck(s: IngestSession, sampleIndex: number, bytes: number): ChunkAck {
	return {
		session_id: s.id,
		sample_index: sampleIndex,
		frames: bytes / (s.record.channels * 2),
		samples_written: s.tracker.contiguous,
		held: s.tracker.runs().map(([start, end]) => ({ start, end })),
	};
}
