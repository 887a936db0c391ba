import type { RecordingUpdateData } from '../../contracts/audio';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { DataDir } from '../infra/storage/data-dir';

/** PCM as it arrives, for live transcription. `pcm` is interleaved; do not modify it. */
export interface SessionAudio {
	sessionId: string;
	/** Frame of the first sample on the session's timeline (chunks may come out of order). */
	sampleIndex: number;
	channels: number;
	sampleRate: number;
	pcm: Int16Array;
}

export interface SessionUpdate {
	sessionId: string;
	/** The session's owner (auth's identityOf); null: a server without keys, seen by all. */
	owner: string | null;
	data: RecordingUpdateData;
}

/** What a new session takes from the settings when its request does not say. */
export interface SessionDefaults {
	sampleRate: number;
	channels: 1 | 2;
	/** Seconds per capture chunk. */
	chunkDuration: number;
}

/** Per-identity limits (env.ts: MAX_SESSIONS_PER_IDENTITY, SESSION_IDLE_TIMEOUT_S). */
export interface RecordingLimits {
	maxOpenPerOwner: number;
	/** A session with no chunk for this long is ended `interrupted`; 0: never. */
	idleTimeoutMs: number;
}

export interface RecordingDeps {
	defaults(): SessionDefaults;
	limits: RecordingLimits;
	dataDir: DataDir;
	repos: Repositories;
	logger: Logger;
	emitSystemEvent(eventType: string, data: Record<string, unknown>): void;
}
