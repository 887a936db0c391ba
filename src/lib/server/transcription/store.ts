import type { Segment, TranscriptionResult as EngineResult } from '../asr';
import type { SegmentRecord, TranscriptKind, TranscriptRecord } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { ExportDocument } from './document';
import { buildTranscript, createTranscript, type NewTranscript } from './transcripts';

/** Speaker ids by channel: stable keys a rename can target; names are display text. */
export const CHANNEL_SPEAKER_IDS = ['mic', 'tab'];

export function toSegmentRecord(s: Segment): SegmentRecord {
	return {
		start: s.start,
		end: s.end,
		text: s.text,
		confidence: s.confidence,
		speakerId:
			s.speakerId ??
			(s.channel === null || s.speaker === null
				? null
				: (CHANNEL_SPEAKER_IDS[s.channel] ?? `ch${s.channel}`)),
		speakerName: s.speaker,
		channel: s.channel,
		words: s.words ?? null,
	};
}

export interface StoreInput {
	result: EngineResult;
	audioFileId: string | null;
	jobId: string | null;
	sessionId: string | null;
	kind: TranscriptKind;
}

function toNewTranscript(result: EngineResult): Omit<NewTranscript, 'audioFileId'> {
	return {
		fullText: result.text,
		language: result.language,
		model: result.model,
		device: result.device,
		totalDuration: result.duration,
		processingTime: result.processingTime,
		segments: result.segments.map(toSegmentRecord),
	};
}

/** Stores an engine result as a transcript with its segments. */
export function storeTranscript(repos: Repositories, input: StoreInput): TranscriptRecord {
	return createTranscript(repos, {
		...toNewTranscript(input.result),
		audioFileId: input.audioFileId,
		sessionId: input.sessionId,
		jobId: input.jobId,
		kind: input.kind,
	});
}

/** An engine result as an export document, without storing anything (CLI, OpenAI endpoint). */
export function toExportDocument(
	result: EngineResult,
	audioFilename: string | null,
): ExportDocument {
	const { record, segments } = buildTranscript(
		{ ...toNewTranscript(result), audioFileId: null },
		audioFilename ? { filename: audioFilename } : undefined,
	);
	return { transcript: record, segments, audioFilename };
}
