import type { AudioFile } from '../../../contracts/audio';
import type { ExportFile, ExportFormat, TranscriptionFile } from '../../../contracts/files';
import type {
	AudioFileRecord,
	ExportRecord,
	TranscriptionJobRecord,
	TranscriptRecord,
} from './records';
import type { Repositories } from './repositories/interfaces';
import { formatDuration } from '../time';
import { titleFromFilename } from '../storage/filenames';

/** Stored records → the contract's shapes. */

/** What a recording's state in the library is made of: its newest transcript and job. */
export interface RecordingLatest {
	transcript?: TranscriptRecord;
	job?: TranscriptionJobRecord;
}

export function toAudioFile(r: AudioFileRecord, latest: RecordingLatest): AudioFile {
	const { transcript: t, job: j } = latest;
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
		title: r.title ?? titleFromFilename(r.filename),
		source: r.source === 'recording' ? 'recording' : 'upload',
		transcript: t
			? { id: t.id, created_at: t.createdAt, language: t.language, model_used: t.modelUsed }
			: null,
		job: j
			? { job_id: j.id, status: j.status, progress: j.progress, error_message: j.errorMessage }
			: null,
	};
}

/** Recordings as the API shows them, each with its newest transcript and job (two queries). */
export function describeRecordings(
	repos: Pick<Repositories, 'transcripts' | 'jobs'>,
	records: AudioFileRecord[],
): AudioFile[] {
	const ids = records.map((r) => r.id);
	const transcripts = repos.transcripts.latestByAudioFiles(ids);
	const jobs = repos.jobs.latestByAudioFiles(ids);
	return records.map((r) =>
		toAudioFile(r, { transcript: transcripts.get(r.id), job: jobs.get(r.id) }),
	);
}

export const describeRecording = (
	repos: Pick<Repositories, 'transcripts' | 'jobs'>,
	record: AudioFileRecord,
): AudioFile => describeRecordings(repos, [record])[0]!;

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
