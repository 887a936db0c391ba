import type { SegmentRecord } from '../../infra/db/records';
import { cleanText, speakerOf } from './text';
import { toMs } from '../../infra/time';

/** A subtitle cue: times in whole milliseconds, text already wrapped into lines. */
export interface Cue {
	start: number;
	end: number;
	lines: string[];
	speaker: string | null;
}

export interface CueOptions {
	/** Characters per line (the usual subtitle limit is 42). */
	maxLineLength: number;
	maxLines: number;
	/** Text put before a segment's first cue, counted in its line length (SRT speaker labels). */
	label?: (segment: SegmentRecord) => string;
}

/** How long a zero-length segment is shown: long enough to read, not past the next one. */
const MIN_DISPLAY_MS = 1000;

const len = (s: string) => Array.from(s).length;

/** Words, with any word longer than a line cut into line-sized pieces. */
function words(text: string, max: number): string[] {
	return text.split(' ').flatMap((w) => {
		const chars = Array.from(w);
		const pieces: string[] = [];
		for (let i = 0; i < chars.length; i += max) pieces.push(chars.slice(i, i + max).join(''));
		return pieces;
	});
}

/** Greedy wrap; two lines are then balanced, as subtitles read best. */
export function wrap(ws: string[], max: number): string[] {
	const lines: string[] = [];
	for (const w of ws) {
		const last = lines.at(-1);
		if (last !== undefined && len(last) + 1 + len(w) <= max)
			lines[lines.length - 1] = `${last} ${w}`;
		else lines.push(w);
	}
	if (lines.length !== 2) return lines;
	let best = lines;
	for (let cut = 1; cut < ws.length; cut++) {
		const a = ws.slice(0, cut).join(' ');
		const b = ws.slice(cut).join(' ');
		if (len(a) > max || len(b) > max) continue;
		if (Math.abs(len(a) - len(b)) < Math.abs(len(best[0]!) - len(best[1]!))) best = [a, b];
	}
	return best;
}

/** Splits words into `n` runs of about equal length (in characters). */
function splitEven(ws: string[], n: number): string[][] {
	const total = ws.reduce((sum, w) => sum + len(w) + 1, 0);
	const runs: string[][] = [[]];
	let done = 0;
	for (const w of ws) {
		const target = (total * runs.length) / n;
		const run = runs[runs.length - 1]!;
		// Start the next run when this word's middle would land past the current run's share.
		if (run.length && runs.length < n && done + (len(w) + 1) / 2 > target) runs.push([w]);
		else run.push(w);
		done += len(w) + 1;
	}
	return runs;
}

/** One segment's text as cue texts of at most `maxLines` lines, of about equal length. */
function chunk(text: string, max: number, maxLines: number): string[][] {
	const ws = words(text, max);
	for (let n = Math.ceil(wrap(ws, max).length / maxLines); ; n++) {
		const chunks = splitEven(ws, n).map((run) => wrap(run, max));
		if (chunks.every((lines) => lines.length <= maxLines)) return chunks;
	}
}

/**
 * Segments → cues. A segment whose text needs more than `maxLines` lines becomes several cues,
 * its time shared among them in proportion to their length. Segments without text are skipped.
 */
export function buildCues(segments: SegmentRecord[], options: CueOptions): Cue[] {
	const cues: Cue[] = [];
	segments.forEach((segment, index) => {
		const text = cleanText(segment.text);
		if (!text) return;
		const start = toMs(segment.start);
		let end = toMs(segment.end);
		if (end <= start) {
			const next = segments.slice(index + 1).find((s) => toMs(s.start) > start);
			end = start + Math.min(MIN_DISPLAY_MS, next ? toMs(next.start) - start : MIN_DISPLAY_MS);
		}
		const label = options.label?.(segment) ?? '';
		const chunks = chunk(label + text, options.maxLineLength, options.maxLines);
		const weights = chunks.map((lines) => lines.reduce((n, l) => n + len(l), 0));
		const total = weights.reduce((a, b) => a + b, 0);
		let done = 0;
		let cueStart = start;
		chunks.forEach((lines, i) => {
			done += weights[i]!;
			const share =
				i === chunks.length - 1 ? end : start + Math.round(((end - start) * done) / total);
			// Each cue lasts at least 1 ms, even when a very short segment is split many ways.
			const cueEnd = Math.max(share, cueStart + 1);
			cues.push({ start: cueStart, end: cueEnd, lines, speaker: speakerOf(segment) });
			cueStart = cueEnd;
		});
	});
	return cues;
}
