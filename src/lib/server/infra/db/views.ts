import type { AudioFile } from '../../../contracts/audio';
import type { ExportFile, ExportFormat, TranscriptionFile } from '../../../contracts/files';
import type { AudioFileRecord, ExportRecord, TranscriptRecord } from './records';
import { formatDuration } from '../time';

/** Stored records → the contract's shapes. */

export function toAudioFile(r: AudioFileRecord): AudioFile {
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

export const downloadPath = (id: string) => `/api/v1/files/download/${id}`;

export function toTranscriptionFile(t: TranscriptRecord): TranscriptionFile {
	return {
		id: t.id,
		filename: t.filename,
		path: downloadPath(t.id),
		audio_file_id: t.audioFileId,
		full_text: t.fullText,
		language: t.language,
		model_used: t.modelUsed,
		confidence_average: t.confidenceAverage,
		word_count: t.wordCount,
		created_at: t.createdAt,
		kind: t.kind,
		total_duration: t.totalDuration,
		speakers: t.speakers,
	};
}

export function toExportFile(e: ExportRecord): ExportFile {
	return {
		id: e.id,
		filename: e.filename,
		path: e.relPath,
		format: e.format as ExportFormat,
		size_bytes: e.sizeBytes,
		transcription_id: e.transcriptId,
		created_at: e.createdAt,
	};
}
