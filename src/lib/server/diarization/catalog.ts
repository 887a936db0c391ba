// The diarization models the model manager offers: downloaded from the Hub like Whisper models
// into MODELS_DIR/<repository>, where findDiarizationModels looks for them.
import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from './models';

export interface DiarizationCatalogModel {
	/** Short name: usable in the model routes. */
	name: string;
	/** The Hub repository, which is also the folder under MODELS_DIR. */
	hubId: string;
	role: 'segmentation' | 'embedding';
	parameters: string;
	approxBytes: number;
	/** Exactly these files are fetched (fp32 `onnx/model.onnx` is what the pipeline loads). */
	files: readonly string[];
}

const FILES = ['config.json', 'preprocessor_config.json', 'onnx/model.onnx'] as const;

export const DIARIZATION_MODELS: readonly DiarizationCatalogModel[] = [
	{
		name: 'pyannote-segmentation-3.0',
		hubId: SEGMENTATION_FOLDER,
		role: 'segmentation',
		parameters: '1.5M',
		approxBytes: 5_980_000,
		files: FILES,
	},
	{
		name: 'wespeaker-resnet34',
		hubId: EMBEDDING_FOLDER,
		role: 'embedding',
		parameters: '6.6M',
		approxBytes: 26_530_000,
		files: FILES,
	},
];

/** The catalogue entry a name means (its short name or Hub id), if any. */
export function findDiarizationModel(name: string): DiarizationCatalogModel | undefined {
	return DIARIZATION_MODELS.find((m) => m.name === name || m.hubId === name);
}

/** Bytes on disk when the model's files are installed under `modelsDir`, else null. */
export function installedBytes(modelsDir: string, model: DiarizationCatalogModel): number | null {
	const dir = path.join(modelsDir, model.hubId);
	if (!fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))) return null;
	return model.files.reduce((n, f) => {
		const file = path.join(dir, f);
		return n + (fs.existsSync(file) ? fs.statSync(file).size : 0);
	}, 0);
}
