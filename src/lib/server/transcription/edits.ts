import type { TranscriptionFile } from '../../contracts/files';
import type { SegmentVersion, TranscriptSegment } from '../../contracts/transcripts';
import type { StoredSegmentRecord, TranscriptRecord } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { NotFoundError } from '../infra/errors';
import { assertSafeId } from '../infra/storage/data-dir';
import { toTranscriptionFile } from '../infra/db/views';

type TranscriptRepos = Pick<Repositories, 'transcripts'>;

/**
 * A stored segment as the workspace shows it. Word timings belong to the model's words, so an
 * edited segment has none: they would highlight words that are no longer there.
 */
export function toTranscriptSegment(s: StoredSegmentRecord): TranscriptSegment {
	const edited = s.text !== s.originalText;
	return {
		id: s.index,
		index: s.index,
		start_time: s.start,
		end_time: s.end,
		text: s.text,
		original_text: s.originalText,
		edited,
		speaker_id: s.speakerId,
		speaker_name: s.speakerName,
		confidence: s.confidence,
		channel: s.channel,
		...(s.words && !edited ? { words: s.words } : {}),
	};
}

function transcript(repos: TranscriptRepos, id: string): TranscriptRecord {
	assertSafeId(id, 'transcription_id');
	const t = repos.transcripts.get(id);
	if (!t) throw new NotFoundError('Transcription', id);
	return t;
}

function segment(repos: TranscriptRepos, id: string, index: number): StoredSegmentRecord {
	const s = repos.transcripts.segment(id, index);
	if (!s) throw new NotFoundError('Segment', `${id}/${index}`);
	return s;
}

/** A transcript with its segments (current text, the model's beside it). */
export function readTranscript(
	repos: TranscriptRepos,
	id: string,
): { transcription: TranscriptionFile; segments: TranscriptSegment[] } {
	const t = transcript(repos, id);
	return {
		transcription: toTranscriptionFile(t),
		segments: repos.transcripts.segments(id).map(toTranscriptSegment),
	};
}

/**
 * Saves a segment's new text as a version; the model's text is kept. Surrounding whitespace is
 * not part of an edit, so sending the model's text back (however it is padded) reverts it.
 * Saving the current text again changes nothing and adds no version.
 */
export function editSegment(
	repos: TranscriptRepos,
	id: string,
	index: number,
	text: string,
): TranscriptSegment {
	transcript(repos, id);
	const current = segment(repos, id, index);
	const wanted = text.trim() === current.originalText.trim() ? current.originalText : text.trim();
	const saved = repos.transcripts.editSegment(id, index, wanted, new Date().toISOString());
	if (!saved) throw new NotFoundError('Segment', `${id}/${index}`);
	return toTranscriptSegment(saved);
}

/** A segment's texts, oldest first: the model's, then every saved edit. */
export function segmentVersions(
	repos: TranscriptRepos,
	id: string,
	index: number,
): SegmentVersion[] {
	const t = transcript(repos, id);
	const s = segment(repos, id, index);
	return [
		{ text: s.originalText, source: 'model', created_at: t.createdAt },
		...repos.transcripts
			.segmentVersions(s.rowId)
			.map((v): SegmentVersion => ({ text: v.text, source: 'edit', created_at: v.createdAt })),
	];
}
