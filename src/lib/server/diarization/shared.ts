// One loaded pair of diarization models per process, shared by jobs, the OpenAI endpoint and
// live sessions (two onnxruntime sessions, ≈ 33 MB): loaded on first use, reloaded when the
// folders change.
import { availableParallelism } from 'node:os';
import type { DiarizationModels, ModelFolders } from './models';
import { findDiarizationModels, loadDiarizationModels } from './models';

let loaded: { key: string; models: Promise<DiarizationModels> } | null = null;

export function sharedModels(folders: ModelFolders): Promise<DiarizationModels> {
	const key = `${folders.segmentation}\n${folders.embedding}`;
	if (loaded?.key !== key) {
		const models = loadDiarizationModels(folders, {
			intraOpNumThreads: availableParallelism(),
			extra: { session: { intra_op: { allow_spinning: '0' } } },
		});
		// A failed load is retried by the next caller rather than cached.
		models.catch(() => (loaded = null));
		loaded = { key, models };
	}
	return loaded.models;
}

/** The shared models when both are installed under `modelsDir`, else null. */
export function installedModels(modelsDir: string): Promise<DiarizationModels> | null {
	const folders = findDiarizationModels(modelsDir);
	return folders ? sharedModels(folders) : null;
}
