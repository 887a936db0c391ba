import type {
	TranscriptionJob,
	TranscriptionResult,
	TranscriptionSegment,
} from '../../contracts/transcription';
import type {
	AudioFileRecord,
	SegmentRecord,
	StoredSegmentRecord,
	TranscriptionJobRecord,
	TranscriptRecord,
} from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { describeRecording } from '../infra/db/views';
import { titleFromFilename } from '../infra/storage/filenames';
import { speakerTurnsOf } from './speaker-turns';

export function toJob(
	repos: Pick<Repositories, 'transcripts' | 'jobs'>,
	j: TranscriptionJobRecord,
	audio: AudioFileRecord | undefined,
): TranscriptionJob {
	return {
		job_id: j.id,
		status: j.status,
		progress: j.progress,
		audio_file_info: audio ? describeRecording(repos, audio) : null,
		model_used: j.modelUsed,
		language: j.language,
		created_at: j.createdAt,
		started_at: j.startedAt,
		completed_at: j.completedAt,
		error_message: j.errorMessage,
		transcription_id: j.transcriptId,
		recording_id: audio?.id ?? null,
		recording_title: audio ? (audio.title ?? titleFromFilename(audio.filename)) : null,
	};
}

export function toSegment(s: SegmentRecord, id: number): TranscriptionSegment {
	return {
		id,
		text: s.text,
		start_time: s.start,
		end_time: s.end,
		confidence: s.confidence,
		speaker_id: s.speakerId,
		speaker_name: s.speakerName,
		channel: s.channel,
		...(s.words ? { words: s.words } : {}),
	};
}

/** A stored transcript's result: the current (edited) text, the model's beside it. */
export function toResult(
	t: TranscriptRecord,
	segments: StoredSegmentRecord[],
): TranscriptionResult {
	const turns = speakerTurnsOf(segments);
	return {
		job_id: t.jobId,
		transcription_id: t.id,
		full_text: t.fullText,
		segments: segments.map((s) => ({
			...toSegment(s, s.index),
			original_text: s.originalText,
			edited: s.text !== s.originalText,
		})),
		language: t.language,
		confidence_average: t.confidenceAverage,
		total_duration: t.totalDuration,
		processing_time: t.processingTime,
		word_count: t.wordCount,
		speakers_detected: t.speakers,
		...(turns.length > 0
			? {
					speaker_turns: turns.map((x) => ({
						start_time: x.start,
						end_time: x.end,
						speaker_id: x.speakerId,
					})),
				}
			: {}),
		model_used: t.modelUsed,
	};
}
