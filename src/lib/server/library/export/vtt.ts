import { buildCues } from './cues';
import { clock } from '../../infra/time';
import type { ExportFormatModule } from './types';

/** WebVTT's escapes; with `>` escaped, cue text can never contain `-->`. */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** WebVTT: `HH:MM:SS.mmm`, a `<v Speaker>` voice span on each cue whose speaker is known. */
export const vtt: ExportFormatModule = {
	format: 'vtt',
	extension: 'vtt',
	contentType: 'text/vtt; charset=utf-8',
	render(doc) {
		const cues = buildCues(doc.segments, { maxLineLength: 42, maxLines: 2 });
		const blocks = cues.map((cue) => {
			const voice = cue.speaker ? `<v ${escape(cue.speaker)}>` : '';
			const text = cue.lines.map(escape).join('\n');
			return `${clock(cue.start, '.')} --> ${clock(cue.end, '.')}\n${voice}${text}\n`;
		});
		return ['WEBVTT\n', ...blocks].join('\n');
	},
};
