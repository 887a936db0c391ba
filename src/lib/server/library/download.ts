import type { ExportFormat, FileType } from '../../contracts/files';
import { NotFoundError } from '../infra/errors';
import type { Download } from '../infra/http/send-download';
import { json, renderTranscriptJson } from './export/json';
import { EXPORTERS } from './export/registry';
import { titleOf } from './export/text';
import { assertSafeId } from '../infra/storage/data-dir';
import { loadExportDocument } from '../transcription';
import { FILE_TYPE_LABEL, type FilesDeps } from './deps';
import { safeFileStem } from './filenames';

export type { Download };

const AUDIO_TYPES: Record<string, string> = {
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	opus: 'audio/ogg',
	oga: 'audio/ogg',
	webm: 'audio/webm',
	flac: 'audio/flac',
	m4a: 'audio/mp4',
	mp4: 'audio/mp4',
	aac: 'audio/aac',
};

const withExtension = (name: string, ext: string) =>
	new RegExp(`\\.${ext}$`, 'i').test(name) ? name : `${name}.${ext}`;

/**
 * Finds the file an id names. Ids are unique across kinds, so `fileType` only narrows the
 * search. A transcription downloads as its JSON export, built from the current segments.
 */
export function resolveDownload(deps: FilesDeps, id: string, fileType?: FileType): Download {
	assertSafeId(id);
	const { repos, dataDir } = deps;
	if (!fileType || fileType === 'recording') {
		const audio = repos.recordings.get(id);
		if (audio) {
			const format = audio.audioFormat.toLowerCase();
			return {
				kind: 'file',
				path: dataDir.fromRelative(audio.relPath),
				filename: withExtension(audio.filename, format),
				contentType: AUDIO_TYPES[format] ?? 'application/octet-stream',
			};
		}
	}
	if (!fileType || fileType === 'transcription') {
		if (repos.transcripts.get(id)) {
			const doc = loadExportDocument(repos, id);
			return {
				kind: 'data',
				data: Buffer.from(renderTranscriptJson(doc), 'utf8'),
				filename: `${safeFileStem(titleOf(doc))}.json`,
				contentType: json.contentType,
			};
		}
	}
	if (!fileType || fileType === 'export') {
		const exp = repos.exports.get(id);
		if (exp) {
			return {
				kind: 'file',
				path: dataDir.fromRelative(exp.relPath),
				filename: exp.filename,
				contentType:
					EXPORTERS[exp.format as ExportFormat]?.contentType ?? 'application/octet-stream',
			};
		}
	}
	throw new NotFoundError(fileType ? FILE_TYPE_LABEL[fileType] : 'File', id);
}
