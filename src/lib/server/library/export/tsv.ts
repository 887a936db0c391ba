import { cleanText } from './text';
import { toMs } from '../../infra/time';
import type { ExportFormatModule } from './types';

/** Whisper's TSV: `start\tend\ttext`, times in integer milliseconds. */
export const tsv: ExportFormatModule = {
	format: 'tsv',
	extension: 'tsv',
	contentType: 'text/tab-separated-values; charset=utf-8',
	render(doc) {
		const rows = doc.segments
			.map((s) => ({ s, text: cleanText(s.text) }))
			.filter((r) => r.text)
			.map(({ s, text }) => `${toMs(s.start)}\t${Math.max(toMs(s.end), toMs(s.start))}\t${text}`);
		return ['start\tend\ttext', ...rows].join('\n') + '\n';
	},
};
