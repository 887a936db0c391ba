import type { AudioFile } from '../../contracts/audio';
import type { TranscriptionFile } from '../../contracts/files';
import type { AudioFileRecord } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { describeRecording, toTranscriptionFile } from '../infra/db/views';
import { NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { MAX_TITLE_LENGTH, sanitizeFileName } from '../infra/storage/filenames';

type LibraryRepos = Pick<Repositories, 'recordings' | 'transcripts' | 'jobs'>;

function recordingOf(repos: LibraryRepos, id: string): AudioFileRecord {
	assertSafeId(id, 'id');
	const r = repos.recordings.get(id);
	if (!r) throw new NotFoundError('Recording', id);
	return r;
}

export function recordingDetail(
	repos: LibraryRepos,
	id: string,
): { recording: AudioFile; transcriptions: TranscriptionFile[] } {
	const r = recordingOf(repos, id);
	return {
		recording: describeRecording(repos, r),
		transcriptions: repos.transcripts.listByAudioFile(id).map(toTranscriptionFile),
	};
}

/**
 * A title is a label that also names downloads and exports, so it goes through the one
 * filename sanitizer (no separators, control or bidi characters). A title that is nothing but
 * such characters keeps the recording's old title rather than becoming a placeholder.
 */
export function renameRecording(repos: LibraryRepos, id: string, title: string): AudioFile {
	const r = recordingOf(repos, id);
	const safe = sanitizeFileName(title, MAX_TITLE_LENGTH, '') || r.title || r.filename;
	repos.recordings.setTitle(id, safe);
	return describeRecording(repos, recordingOf(repos, id));
}
