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
	data: RecordingUpdateData;
}

/** What a new session takes from the settings when its request does not say. */
export interface SessionDefaults {
	sampleRate: number;
	channels: 1 | 2;
	/** Seconds per capture chunk. */
	chunkDuration: number;
}

export interface RecordingDeps {
	defaults(): SessionDefaults;
	dataDir: DataDir;
	repos: Repositories;
	logger: Logger;
	emitSystemEvent(eventType: string, data: Record<string, unknown>): void;
}
