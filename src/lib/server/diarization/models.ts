import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

/**
 * Folders under MODELS_DIR, in the Hub's layout (config.json, preprocessor_config.json,
 * onnx/model.onnx), named after the Hub repositories they come from.
 */
export const SEGMENTATION_FOLDER = 'onnx-community/pyannote-segmentation-3.0';
export const EMBEDDING_FOLDER = 'onnx-community/wespeaker-voxceleb-resnet34-LM';

/** pyannote 3.1's threshold for WeSpeaker ResNet34 embeddings (cosine distance). */
export const DEFAULT_THRESHOLD = 0.7046;

export interface DiarizationModels {
	segmentation: ort.InferenceSession;
	embedding: ort.InferenceSession;
	embeddingOutput: string;
	/** Subtract the per-clip mean of the features (`fbank_centering_span: null`, as transformers.js). */
	centreFeatures: boolean;
	melBins: number;
	threshold: number;
	release(): Promise<void>;
}

export interface ModelFolders {
	segmentation: string;
	embedding: string;
}

const modelFile = (dir: string) => path.join(dir, 'onnx', 'model.onnx');

/** The installed diarization models under `modelsDir`, or null when either is missing. */
export function findDiarizationModels(modelsDir: string): ModelFolders | null {
	const folders = {
		segmentation: path.join(modelsDir, SEGMENTATION_FOLDER),
		embedding: path.join(modelsDir, EMBEDDING_FOLDER),
	};
	return existsSync(modelFile(folders.segmentation)) && existsSync(modelFile(folders.embedding))
		? folders
		: null;
}

function readJson(file: string): Record<string, unknown> {
	return existsSync(file)
		? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
		: {};
}

export async function loadDiarizationModels(
	folders: ModelFolders,
	options: ort.InferenceSession.SessionOptions = {},
): Promise<DiarizationModels> {
	const segmentation = await ort.InferenceSession.create(modelFile(folders.segmentation), options);
	const embedding = await ort.InferenceSession.create(modelFile(folders.embedding), options);
	const pre = readJson(path.join(folders.embedding, 'preprocessor_config.json'));
	const config = readJson(path.join(folders.embedding, 'config.json'));
	return {
		segmentation,
		embedding,
		// Export tools name it differently (embeddings, last_hidden_state…): take the first.
		embeddingOutput: embedding.outputNames[0]!,
		centreFeatures: 'fbank_centering_span' in pre && pre.fbank_centering_span === null,
		melBins: typeof pre.num_mel_bins === 'number' ? pre.num_mel_bins : 80,
		threshold:
			typeof config.clustering_threshold === 'number'
				? config.clustering_threshold
				: DEFAULT_THRESHOLD,
		async release() {
			await segmentation.release();
			await embedding.release();
		},
	};
}
