import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { metadataEntries, paragraphs, titleOf } from './text';
import { clock, toMs } from '../../infra/time';
import type { ExportFormatModule } from './types';

/** Word (.docx): a title, metadata lines, then one paragraph per turn of a speaker. */
export const docx: ExportFormatModule = {
	format: 'docx',
	extension: 'docx',
	contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	render(doc, { includeMetadata, includeTimestamps }) {
		const title = titleOf(doc);
		const children: Paragraph[] = [new Paragraph({ text: title, heading: HeadingLevel.TITLE })];
		if (includeMetadata) {
			for (const [label, value] of metadataEntries(doc)) {
				children.push(
					new Paragraph({
						children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)],
					}),
				);
			}
			children.push(new Paragraph({}));
		}
		for (const p of paragraphs(doc.segments)) {
			const head: TextRun[] = [];
			if (p.speaker) head.push(new TextRun({ text: p.speaker, bold: true }));
			if (includeTimestamps) {
				head.push(
					new TextRun({
						text: `${p.speaker ? ' ' : ''}[${clock(toMs(p.start))}]`,
						color: '666666',
					}),
				);
			}
			children.push(
				new Paragraph({
					spacing: { after: 160 },
					children: [...head, new TextRun({ text: p.text, break: head.length ? 1 : 0 })],
				}),
			);
		}
		const document = new Document({
			creator: 'MeetingScribe',
			title,
			sections: [{ children }],
		});
		return Packer.toBuffer(document);
	},
};
