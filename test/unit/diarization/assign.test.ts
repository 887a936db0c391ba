import { describe, expect, it } from 'vitest';
import { speakerAt, splitBySpeaker } from '../../../src/lib/server/diarization';

const turns = [
	{ start: 0, end: 4.2, speaker: 0 },
	{ start: 4.4, end: 9, speaker: 1 },
];
const word = (w: string, start: number, end: number) => ({ word: w, start, end, probability: 0.9 });

describe('speakers of segments and words', () => {
	it('gives a segment the speaker who talks most during it', () => {
		expect(speakerAt(turns, 3, 6)).toBe(1);
		expect(speakerAt(turns, 1, 4.6)).toBe(0);
		expect(speakerAt(turns, 9.5, 10)).toBe(1);
		expect(speakerAt(turns, 20, 21)).toBeNull();
	});

	it('splits a segment that spans a change of speaker at the word where it changes', () => {
		const segment = {
			id: 7,
			start: 3,
			end: 6,
			text: ' We ship today. Great news',
			words: [
				word(' We', 3, 3.3),
				word(' ship', 3.3, 3.7),
				word(' today.', 3.7, 4.1),
				word(' Great', 4.5, 4.9),
				word(' news', 4.9, 5.8),
			],
		};
		const pieces = splitBySpeaker(segment, turns);
		expect(pieces.map((p) => [p.speaker, p.segment.text, p.segment.start, p.segment.end])).toEqual([
			[0, 'We ship today.', 3, 4.1],
			[1, 'Great news', 4.5, 6],
		]);
		expect(pieces[1]!.segment.words).toHaveLength(2);
		expect(pieces[1]!.segment.id).toBe(7);
	});

	it('keeps a segment whole when one speaker says all of it', () => {
		const segment = {
			start: 5,
			end: 7,
			text: ' All mine',
			words: [word(' All', 5, 6), word(' mine', 6, 7)],
		};
		expect(splitBySpeaker(segment, turns)).toEqual([{ segment, speaker: 1 }]);
	});
});
