import type { FileType } from '../../contracts/files';
import type { Repositories } from '../infra/db/repositories/interfaces';
import type { Logger } from '../infra/logger';
import type { DataDir } from '../infra/storage/data-dir';

/** What the files service uses, and nothing more. */
export interface FilesDeps {
	repos: Repositories;
	dataDir: DataDir;
	logger: Logger;
}

export const FILE_TYPE_LABEL: Record<FileType, string> = {
	recording: 'Recording',
	transcription: 'Transcription',
	export: 'Export',
};
