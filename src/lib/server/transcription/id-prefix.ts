import type { Repositories } from '../infra/db/repositories/interfaces';
import { ConflictError, NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';

/** Matches named in an ambiguity error; more are counted, not listed. */
const LISTED = 10;

/**
 * The transcript a typed id names: the whole id, or any prefix of it that no other transcript
 * shares (as git takes short hashes). An ambiguous prefix is an error listing the candidates.
 */
export function resolveTranscriptId(
	repos: Pick<Repositories, 'transcripts'>,
	typed: string,
): string {
	assertSafeId(typed, 'transcription_id');
	if (repos.transcripts.get(typed)) return typed;
	const matches = repos.transcripts.findByIdPrefix(typed, LISTED + 1);
	if (matches.length === 0) throw new NotFoundError('Transcription', typed);
	if (matches.length === 1) return matches[0]!.id;
	const listed = matches
		.slice(0, LISTED)
		.map((t) => `${t.id} (${t.filename})`)
		.join(', ');
	const more = matches.length > LISTED ? ', and more' : '';
	throw new ConflictError(
		`'${typed}' matches several transcripts: ${listed}${more}. Give more of the id.`,
		'CONFLICT',
		{ matches: matches.slice(0, LISTED).map((t) => t.id) },
	);
}
