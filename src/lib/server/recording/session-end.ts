import type { StopReason } from '../../contracts/audio';
import type { AudioFileRecord, RecordingStatus } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { IngestSession } from './ingest-session';
import { audioFileFromSession } from './recovery';

export type EndOutcome = 'completed' | 'cancelled' | 'interrupted';

/** What a status means to clients following /recording. */
export const ENDED_KIND = {
	completed: 'stopped',
	cancelled: 'cancelled',
	interrupted: 'interrupted',
	failed: 'failed',
} as const satisfies Partial<Record<RecordingStatus, string>>;

export interface EndedSession {
	status: RecordingStatus;
	reason: StopReason;
	/** The library entry, when the audio was kept. */
	audioFile: AudioFileRecord | null;
}

/**
 * Ends a session's file and row: the WAV is finalised (fsynced) and becomes a library entry, or
 * is removed on cancel; a file that cannot be finalised is left for recovery and the session is
 * `failed`. The session's record is updated in place to what was stored.
 */
export async function endSession(
	deps: { repos: Repositories; logger: Logger },
	s: IngestSession,
	outcome: EndOutcome,
	reason: StopReason,
): Promise<EndedSession> {
	const { repos, logger } = deps;
	const r = s.record;
	const frames = s.tracker.extent;
	let status: RecordingStatus = outcome;
	let audioFile: AudioFileRecord | null = null;
	let errorMessage: string | null =
		outcome !== 'interrupted'
			? null
			: reason === 'idle'
				? 'No audio arrived for too long; the audio received until then was kept.'
				: 'The server shut down while recording; the audio received until then was kept.';
	try {
		if (outcome !== 'cancelled' && frames > 0) {
			audioFile = audioFileFromSession(r, frames, await s.sink.finalise(frames));
		} else {
			await s.sink.discard();
		}
	} catch (err) {
		logger.error({ err, session_id: r.id }, 'could not finalise a recording');
		await s.sink.abandon().catch(() => undefined);
		status = 'failed';
		errorMessage = 'The recording could not be finalised; its file was left for recovery.';
	}
	const endTime = new Date().toISOString();
	const patch = {
		status,
		samplesWritten: frames,
		chunksReceived: s.chunksReceived,
		audioFileId: audioFile?.id ?? null,
		errorMessage,
		endTime,
		updatedAt: endTime,
	};
	try {
		repos.transaction(() => {
			if (audioFile) repos.recordings.insert(audioFile);
			repos.sessions.update(r.id, patch);
		});
	} finally {
		Object.assign(r, patch);
	}
	return { status, reason, audioFile };
}

/** One transaction for the sessions that took audio since their last turn. */
export function saveProgress(repos: Repositories, dirty: IngestSession[]): void {
	if (!dirty.length) return;
	const at = new Date().toISOString();
	repos.transaction(() => {
		for (const s of dirty) {
			repos.sessions.update(s.id, {
				status: s.state,
				samplesWritten: s.tracker.contiguous,
				chunksReceived: s.chunksReceived,
				updatedAt: at,
			});
		}
	});
	for (const s of dirty) s.dirty = false;
}
