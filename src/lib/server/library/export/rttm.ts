import { speakerTurnsOf } from '../../transcription';
import { cleanText } from './text';
import type { ExportFormatModule } from './types';

/** RTTM fields are separated by spaces: a name's own whitespace becomes `_`. */
const token = (s: string) => cleanText(s).replace(/\s+/g, '_') || 'unknown';

/**
 * Rich Transcription Time Marked, the format of diarization tools and scorers (NIST, pyannote,
 * dscore): one `SPEAKER file channel onset duration <NA> <NA> name <NA> <NA>` line per turn, from
 * the same turns as the result's `speaker_turns`. A transcript without speakers has no lines.
 */
export const rttm: ExportFormatModule = {
	format: 'rttm',
	extension: 'rttm',
	contentType: 'text/plain; charset=utf-8',
	render(doc) {
		const file = token(
			(doc.audioFilename ?? doc.transcript.filename).replace(/\.[A-Za-z0-9]{1,5}$/, ''),
		);
		return speakerTurnsOf(doc.segments)
			.map((t) =>
				[
					'SPEAKER',
					file,
					(t.channel ?? 0) + 1,
					t.start.toFixed(3),
					Math.max(0, t.end - t.start).toFixed(3),
					'<NA>',
					'<NA>',
					token(t.speakerName),
					'<NA>',
					'<NA>',
				].join(' '),
			)
			.map((line) => `${line}\n`)
			.join('');
	},
};
