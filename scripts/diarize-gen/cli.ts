// Writes the diarization test models (constructed weights, Hub folder layout):
//   npx tsx scripts/diarize-gen/cli.ts --out test/fixtures/models
//   npx tsx scripts/diarize-gen/cli.ts --real-size --out DIR   (random weights at real dimensions)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelProto } from '../whisper-gen/onnx.js';
import { writeOnnx } from '../whisper-gen/write-model.js';
import {
	embeddingConfig,
	embeddingPreprocessor,
	segmentationConfig,
	segmentationPreprocessor,
} from './configs.js';
import { buildEmbedding, EMBEDDING_DIM } from './embedding.js';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from './folders.js';
import { buildRealEmbedding, buildRealSegmentation } from './real-size.js';
import { buildSegmentation } from './segmentation.js';

function writeFolder(dir: string, json: Record<string, object>, model: ModelProto): void {
	mkdirSync(join(dir, 'onnx'), { recursive: true });
	for (const [name, value] of Object.entries(json))
		writeFileSync(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
	writeOnnx(join(dir, 'onnx', 'model.onnx'), model);
	const size = statSync(join(dir, 'onnx', 'model.onnx')).size;
	console.log(`${(size / 1e6).toFixed(3).padStart(8)} MB  ${join(dir, 'onnx', 'model.onnx')}`);
}

const { values } = parseArgs({
	options: { out: { type: 'string' }, 'real-size': { type: 'boolean', default: false } },
});
if (!values.out) {
	console.error('usage: cli.ts --out DIR [--real-size]');
	process.exit(2);
}
const out = resolve(values.out);

if (values['real-size']) {
	// The folder names of the real models under MODELS_DIR (onnx-community/…).
	writeFolder(
		join(out, 'onnx-community', 'pyannote-segmentation-3.0'),
		{ 'config.json': segmentationConfig, 'preprocessor_config.json': segmentationPreprocessor },
		buildRealSegmentation(),
	);
	writeFolder(
		join(out, 'onnx-community', 'wespeaker-voxceleb-resnet34-LM'),
		{
			'config.json': embeddingConfig(256),
			'preprocessor_config.json': embeddingPreprocessor(true),
		},
		buildRealEmbedding(),
	);
} else {
	writeFolder(
		join(out, SEGMENTATION_FOLDER),
		{ 'config.json': segmentationConfig, 'preprocessor_config.json': segmentationPreprocessor },
		buildSegmentation(),
	);
	writeFolder(
		join(out, EMBEDDING_FOLDER),
		{
			'config.json': embeddingConfig(EMBEDDING_DIM, 0.5),
			'preprocessor_config.json': embeddingPreprocessor(false),
		},
		buildEmbedding(
			Float32Array.from(
				JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8')) as number[],
			),
		),
	);
}
