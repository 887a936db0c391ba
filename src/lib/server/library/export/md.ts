import { metadataEntries, paragraphs, titleOf } from './text';
import { clock, toMs } from '../../infra/time';
import type { ExportFormatModule } from './types';

/** Backslash-escapes inline markup (emphasis, code, links, HTML, tables, strike-through). */
const escape = (s: string) => s.replace(/[\\`*_[\]<>|~]/g, '\\$&');

/** Text that opens a block also must not start a heading, list, quote or rule. */
const escapeBlock = (s: string) =>
	escape(s)
		.replace(/^(\d+)([.)])/, '$1\\$2')
		.replace(/^([#+\-=>])/, '\\$1');

/** Markdown: a title, a metadata list, then one paragraph per turn of a speaker. */
export const md: ExportFormatModule = {
	format: 'md',
	extension: 'md',
	contentType: 'text/markdown; charset=utf-8',
	render(doc, { includeMetadata, includeTimestamps }) {
		const blocks = [`# ${escape(titleOf(doc))}`];
		if (includeMetadata) {
			blocks.push(
				metadataEntries(doc)
					.map(([k, v]) => `- **${k}:** ${escape(v)}`)
					.join('\n'),
			);
		}
		for (const p of paragraphs(doc.segments)) {
			const head = [
				p.speaker ? `**${escape(p.speaker)}**` : '',
				includeTimestamps ? `\\[${clock(toMs(p.start))}\\]` : '',
			]
				.filter(Boolean)
				.join(' ');
			blocks.push(head ? `${head}: ${escape(p.text)}` : escapeBlock(p.text));
		}
		return blocks.join('\n\n') + '\n';
	},
};
