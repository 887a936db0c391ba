import fs from 'node:fs/promises';
import path from 'node:path';
import { EXPORT_FORMATS, exportFormatSchema, type ExportFormat } from '../lib/contracts/files';
import { EXPORTERS, renderExport } from '../lib/server/library';
import type { ExportDocument } from '../lib/server/library';
import { UsageError } from './command';

/** `txt,srt` (also repeated or space-separated) → the formats, each once; unknown ones are usage errors. */
export function parseFormats(value: string | undefined, command: string): ExportFormat[] {
	const names = (value ?? '')
		.split(/[\s,]+/)
		.map((f) => f.trim().toLowerCase())
		.filter(Boolean);
	if (!names.length) throw new UsageError('--format needs at least one format', command);
	for (const name of names) {
		if (!exportFormatSchema.safeParse(name).success) {
			throw new UsageError(`unknown format '${name}' (use ${EXPORT_FORMATS.join(', ')})`, command);
		}
	}
	return [...new Set(names as ExportFormat[])];
}

/** Where each format of a document named `stem` goes in `dir`. */
export function exportPaths(formats: ExportFormat[], dir: string, stem: string): string[] {
	return formats.map((f) => path.join(dir, `${stem}.${EXPORTERS[f].extension}`));
}

/**
 * Renders a document in each format, as the API's exports do (metadata and timestamps on), and
 * writes the files into `dir`: each under a temporary name first, so an interrupted run never
 * leaves a half-written file under the final name. Returns the paths written.
 */
export async function writeExports(
	doc: ExportDocument,
	formats: ExportFormat[],
	dir: string,
	stem: string,
): Promise<string[]> {
	await fs.mkdir(dir, { recursive: true });
	const files = exportPaths(formats, dir, stem);
	const rendered = await Promise.all(
		formats.map((format) =>
			renderExport(format, doc, { includeMetadata: true, includeTimestamps: true }),
		),
	);
	for (const [i, data] of rendered.entries()) {
		const file = files[i]!;
		const part = `${file}.part`;
		try {
			await fs.writeFile(part, data);
			await fs.rename(part, file);
		} catch (e) {
			await fs.rm(part, { force: true });
			throw e;
		}
	}
	return files;
}
