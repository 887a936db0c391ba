import type { RenameSpeakerRequest, TranscriptionFile } from '../../contracts/files';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { toTranscriptionFile } from '../infra/db/views';

/**
 * Renames a speaker of a stored transcript (e.g. "Remote" → "Dana"). Every segment of that
 * speaker changes, so every later export shows the new name. Renaming to a name another
 * speaker already has merges them under it, which is how a wrong split is fixed.
 */
export function renameSpeaker(
	repos: Pick<Repositories, 'transcripts'>,
	id: string,
	req: RenameSpeakerRequest,
): { transcription: TranscriptionFile; segmentsRenamed: number } {
	assertSafeId(id, 'transcription_id');
	if (!repos.transcripts.get(id)) throw new NotFoundError('Transcription', id);
	const changed = repos.transcripts.renameSpeaker(
		id,
		{ speakerId: req.speaker_id, oldName: req.old_name },
		req.new_name,
	);
	if (!changed) {
		throw new NotFoundError('Speaker', req.speaker_id ?? req.old_name ?? '');
	}
	return {
		transcription: toTranscriptionFile(repos.transcripts.get(id)!),
		segmentsRenamed: changed,
	};
}
