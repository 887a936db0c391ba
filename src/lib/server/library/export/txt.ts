import { cleanText, metadataEntries, paragraphs, speakerOf, titleOf } from './text';
import { clock, toMs } from '../../infra/time';
import type { ExportFormatModule } from './types';

/**
 * Plain text. With timestamps: one line per segment, `[hh:mm:ss] Speaker: text`. Without: one
 * paragraph per turn of a speaker. Metadata is a short header.
 */
export const txt: ExportFormatModule = {
	format: 'txt',
	extension: 'txt',
	contentType: 'text/plain; charset=utf-8',
	render(doc, { includeMetadata, includeTimestamps }) {
		const parts: string[] = [];
		if (includeMetadata) {
			const title = titleOf(doc);
			const meta = metadataEntries(doc).map(([k, v]) => `${k}: ${v}`);
			parts.push([title, '='.repeat(Array.from(title).length), ...meta].join('\n'));
		}
		const label = (speaker: string | null) => (speaker ? `${speaker}: ` : '');
		if (includeTimestamps) {
			const lines = doc.segments
				.map((s) => ({ s, text: cleanText(s.text) }))
				.filter((l) => l.text)
				.map(({ s, text }) => `[${clock(toMs(s.start))}] ${label(speakerOf(s))}${text}`);
			if (lines.length) parts.push(lines.join('\n'));
		} else {
			parts.push(...paragraphs(doc.segments).map((p) => label(p.speaker) + p.text));
		}
		return parts.length ? parts.join('\n\n') + '\n' : '';
	},
};
