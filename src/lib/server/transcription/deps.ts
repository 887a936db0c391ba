import type { StartTranscriptionRequest } from '../../contracts/transcription';
import type { AsrEngine } from '../asr';
import type { AppConfig } from '../infra/config/env';
import type { SettingsService } from '../infra/config/settings';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { JobQueue } from '../infra/queue/port';
import type { DataDir } from '../infra/storage/data-dir';

export type JobOptions = Omit<StartTranscriptionRequest, 'audio_file_id' | 'audio_file_path'>;

export interface TranscriptionDeps {
	repos: Repositories;
	dataDir: DataDir;
	asr: AsrEngine;
	settings: SettingsService;
	config: AppConfig;
	logger: Logger;
	queue: JobQueue;
	/** Pushes `transcription_update` for a job. */
	publish(jobId: string, data: Record<string, unknown>): void;
	emitSystemEvent(type: string, data: Record<string, unknown>): void;
}
