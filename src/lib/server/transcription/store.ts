import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Segment, TranscriptionResult as EngineResult } from '../asr/types';
import type { SegmentRecord, TranscriptKind, TranscriptRecord } from '../db/records';
import type { Repositories } from '../db/repositories/interfaces';

/** Speaker ids by channel: stable keys a rename can target; names are display text. */
export const CHANNEL_SPEAKER_IDS = ['mic', 'tab'];

export interface StoreInput {
	result: EngineResult;
	audioFileId: string | null;
	audioFilename: string;
	jobId: string | null;
	sessionId: string | null;
	kind: TranscriptKind;
}

export function toSegmentRecord(s: Segment): SegmentRecord {
	return {
		start: s.start,
		end: s.end,
		text: s.text,
		confidence: s.confidence,
		speakerId: s.channel === null ? null : (CHANNEL_SPEAKER_IDS[s.channel] ?? `ch${s.channel}`),
		speakerName: s.speaker,
		channel: s.channel,
		words: s.words ?? null,
	};
}

/** Turns an engine result into a stored transcript with its segments, atomically. */
export function storeTranscript(repos: Repositories, input: StoreInput): TranscriptRecord {
	const { result } = input;
	const segments = result.segments.map(toSegmentRecord);
	const speakers = [
		...new Set(result.segments.map((s) => s.speaker).filter((s): s is string => !!s)),
	];
	const confidences = result.segments.map((s) => s.confidence);
	const record: TranscriptRecord = {
		id: randomUUID(),
		audioFileId: input.audioFileId,
		sessionId: input.sessionId,
		jobId: input.jobId,
		kind: input.kind,
		filename: `${path.parse(input.audioFilename).name}.json`,
		fullText: result.text,
		language: result.language,
		modelUsed: result.model,
		device: result.device,
		confidenceAverage: confidences.length
			? Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 1e4) / 1e4
			: null,
		wordCount: result.text.split(/\s+/).filter(Boolean).length,
		totalDuration: result.duration,
		processingTime: result.processingTime,
		speakers,
		createdAt: new Date().toISOString(),
	};
	repos.transcripts.insert(record, segments);
	return record;
}
