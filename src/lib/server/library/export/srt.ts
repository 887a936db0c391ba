import { buildCues } from './cues';
import { speakerOf } from './text';
import { clock } from '../../infra/time';
import type { ExportFormatModule } from './types';

/**
 * SRT has no escapes, and players read `<b>`-style tags (and `-->` on any line, in some
 * parsers) as markup. Spoken text that looks like either is defused with look-alike characters.
 */
function defuse(line: string): string {
	return line.replace(/-->/g, '->').replace(/<(\/?[A-Za-z][^<>]*)>/g, '‹$1›');
}

/** SubRip: numbered cues, `HH:MM:SS,mmm`, ≤ 42 characters a line, ≤ 2 lines a cue. */
export const srt: ExportFormatModule = {
	format: 'srt',
	extension: 'srt',
	contentType: 'application/x-subrip; charset=utf-8',
	render(doc) {
		// A speaker label starts a segment's first cue whenever the speaker changes.
		let previous: string | null = null;
		const cues = buildCues(doc.segments, {
			maxLineLength: 42,
			maxLines: 2,
			label: (segment) => {
				const speaker = speakerOf(segment);
				const label = speaker && speaker !== previous ? `${speaker}: ` : '';
				previous = speaker;
				return label;
			},
		});
		return cues
			.map(
				(cue, i) =>
					`${i + 1}\n${clock(cue.start, ',')} --> ${clock(cue.end, ',')}\n${cue.lines.map(defuse).join('\n')}\n`,
			)
			.join('\n');
	},
};
