import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from '../../src/lib/server/diarization';
import { TEST_MODEL, TEST_MODELS_DIR, tempDir } from './server';

/** MODELS_DIR with the Whisper test model and the diarization test models under their real names. */
export function diarizationModelsDir(): string {
	const dir = tempDir('meetingscribe-models-');
	for (const [folder, fixture] of [
		[TEST_MODEL, TEST_MODEL],
		[SEGMENTATION_FOLDER, 'diarize-segmentation-test'],
		[EMBEDDING_FOLDER, 'diarize-embedding-test'],
	] as const) {
		fs.mkdirSync(path.dirname(path.join(dir, folder)), { recursive: true });
		fs.symlinkSync(path.join(TEST_MODELS_DIR, fixture), path.join(dir, folder));
	}
	return dir;
}
