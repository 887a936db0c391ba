// Speakers for transcript segments and words: each takes the speaker who talks most during it; a
// segment whose words change speaker is split at the word where the speaker changes.
import type { SpeakerTurn } from './types';

export interface TimedWord {
	word: string;
	start: number;
	end: number;
}

export interface TimedSegment<W extends TimedWord = TimedWord> {
	start: number;
	end: number;
	text: string;
	words?: W[];
}

/** A word or segment that overlaps no turn takes the nearest turn within this many seconds. */
const NEAREST_SECONDS = 1;

/** The speaker talking most in [start, end), else the nearest within 1 s, else null. */
export function speakerAt(
	turns: readonly SpeakerTurn[],
	start: number,
	end: number,
): number | null {
	const talk = new Map<number, number>();
	for (const t of turns) {
		const overlap = Math.min(end, t.end) - Math.max(start, t.start);
		if (overlap > 0) talk.set(t.speaker, (talk.get(t.speaker) ?? 0) + overlap);
	}
	if (talk.size > 0) return [...talk.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
	let best: number | null = null;
	let bestGap = NEAREST_SECONDS;
	for (const t of turns) {
		const gap = t.start >= end ? t.start - end : start - t.end;
		if (gap >= 0 && gap <= bestGap) {
			bestGap = gap;
			best = t.speaker;
		}
	}
	return best;
}

/**
 * The segment with its speaker (0-based voice, null: none), or its pieces when its words change speaker: each piece keeps
 * its words, their text and times (the first and last piece keep the segment's outer edges).
 */
export function splitBySpeaker<W extends TimedWord, S extends TimedSegment<W>>(
	segment: S,
	turns: readonly SpeakerTurn[],
): { segment: S; speaker: number | null }[] {
	const whole = () => [{ segment, speaker: speakerAt(turns, segment.start, segment.end) }];
	const words = segment.words ?? [];
	if (words.length < 2) return whole();
	const speakers = words.map((w) => speakerAt(turns, w.start, w.end));
	// A word in no turn (a pause) belongs with the word before it, or after it at the start.
	for (let i = 1; i < speakers.length; i++) speakers[i] ??= speakers[i - 1]!;
	for (let i = speakers.length - 2; i >= 0; i--) speakers[i] ??= speakers[i + 1]!;
	const runs: { from: number; to: number; speaker: number | null }[] = [];
	speakers.forEach((speaker, i) => {
		const last = runs.at(-1);
		if (last && last.speaker === speaker) last.to = i;
		else runs.push({ from: i, to: i, speaker });
	});
	if (runs.length === 1) return [{ segment, speaker: runs[0]!.speaker }];
	return runs.map((run, r) => {
		const mine = words.slice(run.from, run.to + 1);
		const piece: S = {
			...segment,
			start: r === 0 ? segment.start : mine[0]!.start,
			end: r === runs.length - 1 ? segment.end : mine.at(-1)!.end,
			text: mine
				.map((w) => w.word)
				.join('')
				.trim(),
			words: mine,
		};
		return { segment: piece, speaker: run.speaker };
	});
}
