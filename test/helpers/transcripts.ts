import type { WordRecord } from '../../src/lib/server/infra/db/records';
import type { NewSegment, NewTranscript } from '../../src/lib/server/transcription/transcripts';

/** Word timings spread evenly over a segment, as the engine reports them (leading spaces kept). */
export function wordsFor(text: string, start: number, end: number): WordRecord[] {
	const words = text.trim().split(/\s+/);
	const step = (end - start) / words.length;
	return words.map((w, i) => ({
		word: ' ' + w,
		start: Math.round((start + i * step) * 100) / 100,
		end: Math.round((start + (i + 1) * step) * 100) / 100,
		probability: 0.9,
	}));
}

const seg = (
	start: number,
	end: number,
	text: string,
	speakerName: string | null,
	confidence = 0.9,
): NewSegment => ({
	start,
	end,
	text,
	confidence,
	speakerId: speakerName === 'Alice' ? 'mic' : speakerName === 'Bob' ? 'tab' : null,
	speakerName,
	channel: speakerName === 'Alice' ? 0 : speakerName === 'Bob' ? 1 : null,
	words: wordsFor(text, start, end),
});

export const LONG_TEXT =
	' So the plan for the third quarter is to finish the recorder, ship the transcription queue,' +
	' and then spend the remaining weeks on exports, search and the speaker labelling work that' +
	' customers keep asking about in every single call we have had this year.';

/**
 * A realistic two-person meeting with the awkward cases in it: a segment long enough to need
 * several subtitle cues, unicode and emoji, markup-like text, a zero-length segment, consecutive
 * segments of one speaker, and a segment past the one-hour mark.
 */
export const MEETING_SEGMENTS: NewSegment[] = [
	seg(0, 4.2, " Good morning everyone, let's get started.", 'Alice', 0.93),
	seg(4.2, 9.8, ' Thanks Alice. First item: the Q3 roadmap.', 'Bob', 0.88),
	seg(9.8, 31.5, LONG_TEXT, 'Bob', 0.91),
	seg(31.5, 35, ' Café ☕ and a naïve façade: 日本語のテキスト 🎉', 'Alice', 0.85),
	seg(35, 38, ' Use <b>bold</b> & an arrow --> here', 'Alice', 0.8),
	seg(38, 38, ' Zero length.', 'Bob', 0.7),
	seg(3605.25, 3611.75, ' One hour in, still going.', 'Alice', 0.95),
];

export function meetingTranscript(audioFileId: string | null): NewTranscript {
	return {
		audioFileId,
		language: 'en',
		model: 'base',
		device: 'cpu',
		totalDuration: 3612,
		processingTime: 42.5,
		segments: MEETING_SEGMENTS,
	};
}
