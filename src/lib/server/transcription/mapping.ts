import type {
	TranscriptionJob,
	TranscriptionResult,
	TranscriptionSegment,
} from '../../contracts/transcription';
import type {
	AudioFileRecord,
	SegmentRecord,
	TranscriptionJobRecord,
	TranscriptRecord,
} from '../infra/db/records';
import { toAudioFile } from '../infra/db/views';
import { speakerTurnsOf } from './speaker-turns';

export function toJob(
	j: TranscriptionJobRecord,
	audio: AudioFileRecord | undefined,
): TranscriptionJob {
	return {
		job_id: j.id,
		status: j.status,
		progress: j.progress,
		audio_file_info: audio ? toAudioFile(audio) : null,
		model_used: j.modelUsed,
		language: j.language,
		created_at: j.createdAt,
		started_at: j.startedAt,
		completed_at: j.completedAt,
		error_message: j.errorMessage,
		transcription_id: j.transcriptId,
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

export function toResult(t: TranscriptRecord, segments: SegmentRecord[]): TranscriptionResult {
	const turns = speakerTurnsOf(segments);
	return {
		job_id: t.jobId,
		transcription_id: t.id,
		full_text: t.fullText,
		segments: segments.map(toSegment),
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
