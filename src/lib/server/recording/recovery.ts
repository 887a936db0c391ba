import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { RecordingSession } from '../../contracts/audio';
import { repairWav } from './wav-sink';
import type { AudioFileRecord, RecordingSessionRecord, RecordingStatus } from '../infra/db/records';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { DataDir } from '../infra/storage/data-dir';
import { toSessionDto } from './dto';

export const OPEN_STATUSES: RecordingStatus[] = ['pending', 'recording', 'paused', 'stopping'];

/** The library entry for a session's finished WAV. */
export function audioFileFromSession(
	s: RecordingSessionRecord,
	frames: number,
	sizeBytes: number,
): AudioFileRecord {
	return {
		id: randomUUID(),
		filename: s.filename,
		relPath: s.relPath,
		source: 'recording',
		sizeBytes,
		durationSeconds: frames / s.sampleRate,
		sampleRate: s.sampleRate,
		channels: s.channels,
		audioFormat: 'wav',
		createdAt: s.startTime,
	};
}

interface RecoveryDeps {
	repos: Repositories;
	dataDir: DataDir;
	logger: Logger;
}

/**
 * The sessions recovery takes on: those the database still shows open (cut off by a crash), and
 * those whose finalisation failed with their file still there (session-end.ts leaves the file
 * for recovery): none of them may be left without its audio in the library.
 */
function sessionsToRecover(repos: Repositories, dataDir: DataDir): RecordingSessionRecord[] {
	const unfinished = repos.sessions
		.listByStatus(['failed'])
		.filter((s) => s.audioFileId === null && fs.existsSync(dataDir.fromRelative(s.relPath)));
	return [...repos.sessions.listByStatus(OPEN_STATUSES), ...unfinished];
}

/**
 * Start-up: each session to recover gets its WAV made valid from its length (every acknowledged
 * chunk was written before its ack), added to the library, and is marked `interrupted`. Run only
 * by the process that serves capture.
 */
export function recoverOpenSessions({ repos, dataDir, logger }: RecoveryDeps): RecordingSession[] {
	return sessionsToRecover(repos, dataDir).map((s) => {
		const now = new Date().toISOString();
		let patch: Partial<RecordingSessionRecord>;
		let audioFile: AudioFileRecord | null = null;
		try {
			const file = dataDir.fromRelative(s.relPath);
			const exists = fs.existsSync(file);
			let frames = 0;
			let endTime = s.updatedAt;
			if (exists) {
				endTime = fs.statSync(file).mtime.toISOString();
				const repaired = repairWav(file, s);
				frames = repaired.frames;
				if (frames > 0) audioFile = audioFileFromSession(s, frames, repaired.sizeBytes);
				else fs.rmSync(file, { force: true });
			}
			patch = {
				status: 'interrupted',
				samplesWritten: frames,
				audioFileId: audioFile?.id ?? null,
				errorMessage: !exists
					? 'The server stopped while recording, before any audio was stored.'
					: s.status === 'failed'
						? 'The recording could not be finalised when it stopped; it was recovered at start-up.'
						: 'The server stopped while recording; the audio received until then was kept.',
				endTime,
				updatedAt: now,
			};
		} catch (err) {
			logger.error({ err, session_id: s.id }, 'could not recover a recording');
			patch = {
				status: 'failed',
				errorMessage: 'The server stopped while recording and the audio could not be recovered.',
				endTime: now,
				updatedAt: now,
			};
		}
		repos.transaction(() => {
			if (audioFile) repos.recordings.insert(audioFile);
			repos.sessions.update(s.id, patch);
		});
		logger.warn(
			{ session_id: s.id, status: patch.status, frames: patch.samplesWritten },
			'recovered a recording left open',
		);
		return toSessionDto({ ...s, ...patch });
	});
}
