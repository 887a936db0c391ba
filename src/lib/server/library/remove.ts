import fs from 'node:fs/promises';
import type { DeleteSummary, FileType } from '../../contracts/files';
import type { ExportRecord } from '../infra/db/records';
import { ConflictError, NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { FILE_TYPE_LABEL, type FilesDeps } from './deps';

/**
 * Removes stored files. A missing file is fine (it is what we wanted); any other failure is
 * logged and left for the operator, because the rows are already gone and the client's delete
 * did succeed.
 */
export async function unlinkQuietly(deps: FilesDeps, relPaths: string[]): Promise<void> {
	await Promise.all(
		relPaths.map(async (rel) => {
			try {
				await fs.rm(deps.dataDir.fromRelative(rel), { force: true });
			} catch (err) {
				deps.logger.warn({ err, path: rel }, 'could not remove a deleted file from disk');
			}
		}),
	);
}

/**
 * Deletes a recording, transcription or export with everything that depends on it. Rows go
 * first, in one transaction (foreign keys cascade to transcripts, segments, jobs and exports);
 * files are unlinked after the commit. A crash in between leaves at worst a stray file, never a
 * row that points at a missing one.
 */
export async function deleteFile(
	deps: FilesDeps,
	id: string,
	fileType: FileType,
): Promise<DeleteSummary> {
	assertSafeId(id);
	const { repos } = deps;
	const removed = repos.transaction(() => {
		const notFound = () => new NotFoundError(FILE_TYPE_LABEL[fileType], id);
		if (fileType === 'export') {
			const exp = repos.exports.get(id);
			if (!exp) throw notFound();
			repos.exports.delete(id);
			return { files: [exp.relPath], transcriptions: 0, exports: 1 };
		}
		if (fileType === 'transcription') {
			if (!repos.transcripts.get(id)) throw notFound();
			const exports = repos.exports.listByTranscript(id);
			repos.transcripts.delete(id);
			return { files: exports.map((e) => e.relPath), transcriptions: 1, exports: exports.length };
		}
		const audio = repos.recordings.get(id);
		if (!audio) throw notFound();
		const busy = repos.jobs.listByStatus(['pending', 'running']).find((j) => j.audioFileId === id);
		if (busy) {
			throw new ConflictError(
				`Recording '${id}' is being transcribed; cancel job '${busy.id}' first`,
				'CONFLICT',
				{ job_id: busy.id },
			);
		}
		const transcripts = repos.transcripts.listByAudioFile(id);
		const exports: ExportRecord[] = transcripts.flatMap((t) =>
			repos.exports.listByTranscript(t.id),
		);
		repos.recordings.delete(id);
		return {
			files: [audio.relPath, ...exports.map((e) => e.relPath)],
			transcriptions: transcripts.length,
			exports: exports.length,
		};
	});
	await unlinkQuietly(deps, removed.files);
	return {
		id,
		file_type: fileType,
		transcriptions_deleted: removed.transcriptions,
		exports_deleted: removed.exports,
	};
}
