import type {
	TranscriptionJob,
	TranscriptionResult,
	SpeakerTurn,
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

/** Who speaks when: segments in time order, neighbours of one speaker merged into one turn. */
export function speakerTurns(segments: SegmentRecord[]): SpeakerTurn[] {
	const turns: SpeakerTurn[] = [];
	const spoken = segments.filter((s) => s.speakerId !== null);
	for (const s of spoken.sort((a, b) => a.start - b.start)) {
		const last = turns.at(-1);
		if (last && last.speaker_id === s.speakerId) last.end_time = Math.max(last.end_time, s.end);
		else turns.push({ start_time: s.start, end_time: s.end, speaker_id: s.speakerId! });
	}
	return turns;
}

/** A stored transcript's result: the current (edited) text, the model's beside it. */
export function toResult(
	t: TranscriptRecord,
	segments: StoredSegmentRecord[],
): TranscriptionResult {
	const turns = speakerTurns(segments);
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
		...(turns.length ? { speaker_turns: turns } : {}),
		model_used: t.modelUsed,
	};
}
