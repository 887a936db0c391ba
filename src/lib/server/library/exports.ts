import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { ExportRequest } from '../../contracts/files';
import type { ExportRecord } from '../infra/db/records';
import { NotFoundError } from '../infra/errors';
import { EXPORTERS, renderExport } from './export/registry';
import { titleOf } from './export/text';
import { loadExportDocument } from '../transcription';
import type { FilesDeps } from './deps';
import { safeFileStem } from './filenames';
import { unlinkQuietly } from './remove';
import { writeFileDurably } from '../infra/storage/durable';

/**
 * Renders a transcription in each asked-for format and stores the files in DATA_DIR/exports.
 * Everything is rendered before anything is written; each file is written under a temporary
 * name and renamed into place, and the rows are inserted in one transaction only once every
 * file is there. On failure the files written so far are removed.
 */
export async function createExports(
	deps: FilesDeps,
	request: ExportRequest,
): Promise<ExportRecord[]> {
	const { repos, dataDir } = deps;
	const doc = loadExportDocument(repos, request.transcription_id);
	const options = {
		includeMetadata: request.include_metadata,
		includeTimestamps: request.include_timestamps,
	};
	const rendered = await Promise.all(
		request.formats.map(async (format) => ({
			format,
			data: await renderExport(format, doc, options),
		})),
	);
	const stem = safeFileStem(titleOf(doc));
	const createdAt = new Date().toISOString();
	const records: ExportRecord[] = [];
	try {
		for (const { format, data } of rendered) {
			const id = randomUUID();
			const name = `${id}.${EXPORTERS[format].extension}`;
			const temp = dataDir.resolve('tmp', `${name}.part`);
			try {
				await writeFileDurably(temp, data);
				await fs.rename(temp, dataDir.resolve('exports', name));
			} catch (err) {
				await fs.rm(temp, { force: true });
				throw err;
			}
			records.push({
				id,
				transcriptId: doc.transcript.id,
				format,
				filename: `${stem}.${EXPORTERS[format].extension}`,
				relPath: dataDir.relative('exports', name),
				sizeBytes: data.length,
				createdAt,
			});
		}
		repos.transaction(() => {
			// The transcription may have been deleted while the files were written.
			if (!repos.transcripts.get(doc.transcript.id)) {
				throw new NotFoundError('Transcription', doc.transcript.id);
			}
			for (const r of records) repos.exports.insert(r);
		});
	} catch (err) {
		await unlinkQuietly(
			deps,
			records.map((r) => r.relPath),
		);
		throw err;
	}
	return records;
}
