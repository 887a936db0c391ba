import { randomUUID } from 'node:crypto';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type {
	SegmentRecord,
	TranscriptKind,
	TranscriptRecord,
	WordRecord,
} from '../infra/db/records';
import { NotFoundError } from '../infra/errors';
import type { ExportDocument } from './document';
import { assertSafeId } from '../infra/storage/data-dir';

export interface NewSegment {
	/** Seconds from the start of the audio. */
	start: number;
	end: number;
	text: string;
	confidence?: number | null;
	speakerId?: string | null;
	speakerName?: string | null;
	/** 0 microphone, 1 tab audio, for two-channel recordings. */
	channel?: number | null;
	words?: WordRecord[] | null;
}

/** A transcription result as the engine (or a live session) hands it over to be stored. */
export interface NewTranscript {
	audioFileId: string | null;
	sessionId?: string | null;
	jobId?: string | null;
	kind?: TranscriptKind;
	/** Display name; by default the recording's name with `.json`, or one made from the date. */
	filename?: string;
	/** By default the segments' texts joined with spaces. */
	fullText?: string;
	language: string | null;
	model: string;
	device?: string | null;
	/** Seconds of audio transcribed. */
	totalDuration: number;
	/** Seconds the transcription took. */
	processingTime: number;
	segments: NewSegment[];
	/** Defaults to now. */
	createdAt?: string;
}

type TranscriptRepos = Pick<Repositories, 'transcripts' | 'recordings'>;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * Builds a transcript record and its segments from a result, without storing them. Word count,
 * average confidence and the speaker list are derived here, so every producer (file jobs, live
 * sessions, the CLI, the OpenAI-compatible endpoint) shapes them the same way.
 */
export function buildTranscript(
	input: NewTranscript,
	audio?: { filename: string },
): { record: TranscriptRecord; segments: SegmentRecord[] } {
	const createdAt = input.createdAt ?? new Date().toISOString();
	const segments: SegmentRecord[] = input.segments.map((s) => ({
		start: s.start,
		end: s.end,
		text: s.text,
		confidence: s.confidence ?? null,
		speakerId: s.speakerId ?? null,
		speakerName: s.speakerName ?? null,
		channel: s.channel ?? null,
		words: s.words ?? null,
	}));
	const fullText = input.fullText ?? segments.map((s) => s.text.trim()).join(' ');
	const speakers = [...new Set(segments.map((s) => s.speakerName).filter((n): n is string => !!n))];
	const confidence = mean(
		segments.map((s) => s.confidence).filter((c): c is number => c !== null && Number.isFinite(c)),
	);
	const record: TranscriptRecord = {
		id: randomUUID(),
		audioFileId: input.audioFileId,
		sessionId: input.sessionId ?? null,
		jobId: input.jobId ?? null,
		kind: input.kind ?? 'file',
		filename:
			input.filename ??
			(audio
				? audio.filename.replace(/\.[A-Za-z0-9]{1,5}$/, '') + '.json'
				: `Transcript ${createdAt.slice(0, 16).replace('T', ' ')}.json`),
		fullText,
		language: input.language,
		modelUsed: input.model,
		device: input.device ?? null,
		confidenceAverage: confidence === null ? null : Math.round(confidence * 1e4) / 1e4,
		wordCount: fullText.split(/\s+/).filter(Boolean).length,
		totalDuration: input.totalDuration,
		processingTime: input.processingTime,
		speakers,
		createdAt,
	};
	return { record, segments };
}

/** Stores a transcription result with its segments in one transaction and returns the record. */
export function createTranscript(repos: TranscriptRepos, input: NewTranscript): TranscriptRecord {
	const audio = input.audioFileId ? repos.recordings.get(input.audioFileId) : undefined;
	if (input.audioFileId && !audio) throw new NotFoundError('Recording', input.audioFileId);
	const { record, segments } = buildTranscript(input, audio);
	repos.transcripts.insert(record, segments);
	return record;
}

/** A stored transcript as exports read it: with its segments and its recording's name. */
export function loadExportDocument(repos: TranscriptRepos, id: string): ExportDocument {
	assertSafeId(id, 'transcription_id');
	const transcript = repos.transcripts.get(id);
	if (!transcript) throw new NotFoundError('Transcription', id);
	const audio = transcript.audioFileId ? repos.recordings.get(transcript.audioFileId) : undefined;
	return {
		transcript,
		segments: repos.transcripts.segments(id),
		audioFilename: audio?.filename ?? null,
	};
}
