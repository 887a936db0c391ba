import type { SegmentRecord } from '../../infra/db/records';
import { formatDuration } from '../../infra/time';
import type { ExportDocument } from './types';

// Control characters other than whitespace, and unpaired surrogates, are invalid in XML (DOCX)
// and meaningless in every other format.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of clean text: no control characters, whitespace runs (newlines too) as one space. */
export function cleanText(text: string): string {
	return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD').replace(/\s+/g, ' ').trim();
}

export const speakerOf = (s: SegmentRecord): string | null => {
	const name = s.speakerName === null ? '' : cleanText(s.speakerName);
	return name === '' ? null : name;
};

/**
 * Speakers in order of first appearance, from the segments (the current names); the transcript's
 * own list is the fallback for transcripts whose segments carry none.
 */
export function speakersOf(doc: ExportDocument): string[] {
	const names = new Set<string>();
	for (const s of doc.segments) {
		const name = speakerOf(s);
		if (name) names.add(name);
	}
	if (names.size === 0) {
		for (const n of doc.transcript.speakers) if (cleanText(n)) names.add(cleanText(n));
	}
	return [...names];
}

export interface Paragraph {
	speaker: string | null;
	/** Seconds. */
	start: number;
	end: number;
	text: string;
}

/** Consecutive segments of one speaker merged into paragraphs; segments without text dropped. */
export function paragraphs(segments: SegmentRecord[]): Paragraph[] {
	const out: Paragraph[] = [];
	for (const s of segments) {
		const text = cleanText(s.text);
		if (!text) continue;
		const speaker = speakerOf(s);
		const last = out.at(-1);
		if (last && last.speaker === speaker) {
			last.text += ' ' + text;
			last.end = Math.max(last.end, s.end);
		} else {
			out.push({ speaker, start: s.start, end: s.end, text });
		}
	}
	return out;
}

/** The document's title: its display name without the extension. */
export function titleOf(doc: ExportDocument): string {
	const name = cleanText(doc.transcript.filename).replace(/\.[A-Za-z0-9]{1,5}$/, '');
	return name || 'Transcript';
}

/** Label/value pairs for the metadata block of the human-readable formats. */
export function metadataEntries(doc: ExportDocument): [string, string][] {
	const t = doc.transcript;
	const speakers = speakersOf(doc);
	const entries: [string, string | null][] = [
		['Date', t.createdAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')],
		['Duration', formatDuration(t.totalDuration)],
		['Recording', doc.audioFilename ? cleanText(doc.audioFilename) : null],
		['Language', t.language],
		['Model', t.device ? `${t.modelUsed} (${t.device})` : t.modelUsed],
		['Speakers', speakers.length ? speakers.join(', ') : null],
		['Words', String(t.wordCount)],
	];
	return entries.filter((e): e is [string, string] => e[1] !== null && e[1] !== '');
}
