import type { LiveSegment } from '../../contracts/live';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { CHANNEL_SPEAKER_IDS } from '../transcription';
import { createTranscript } from '../transcription';

export interface LiveTranscriptInput {
	sessionId: string;
	audioFileId: string;
	model: string;
	language: string | null;
	duration: number;
	/** Final segments in time order. */
	finals: LiveSegment[];
	/** The enable_speaker_detection setting: off stores no speakers. */
	speakers: boolean;
}

/** Stores a session's final live segments as its recording's `live` transcript; returns its id. */
export function storeLiveTranscript(repos: Repositories, input: LiveTranscriptInput): string {
	return createTranscript(repos, {
		audioFileId: input.audioFileId,
		sessionId: input.sessionId,
		kind: 'live',
		language: input.language,
		model: input.model,
		totalDuration: input.duration,
		processingTime: 0,
		segments: input.finals
			.filter((s) => s.text.trim())
			.map((s) => ({
				start: s.start,
				end: s.end,
				text: s.text.trim(),
				speakerId: input.speakers
					? (s.speaker_id ?? CHANNEL_SPEAKER_IDS[s.channel] ?? `ch${s.channel}`)
					: null,
				speakerName: input.speakers ? s.speaker : null,
				channel: s.channel,
			})),
	}).id;
}
