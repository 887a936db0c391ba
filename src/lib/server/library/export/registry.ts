import type { ExportFormat } from '../../../contracts/files';
import { docx } from './docx';
import { json } from './json';
import { md } from './md';
import { rttm } from './rttm';
import { srt } from './srt';
import { tsv } from './tsv';
import { txt } from './txt';
import type { ExportDocument, ExportFormatModule, ExportOptions } from './types';
import { vtt } from './vtt';

/** Every export format, by name; typed by the contract's list, so none can be missing. */
export const EXPORTERS: Readonly<Record<ExportFormat, ExportFormatModule>> = {
	txt,
	srt,
	vtt,
	json,
	tsv,
	md,
	docx,
	rttm,
};

/** Renders one format to bytes (text formats as UTF-8). */
export async function renderExport(
	format: ExportFormat,
	doc: ExportDocument,
	options: ExportOptions,
): Promise<Buffer> {
	const out = await EXPORTERS[format].render(doc, options);
	return typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
}
