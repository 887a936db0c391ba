// Computes the constructed embedding model's reference voice: the mean embedding (before
// centring) of the test conversation's utterances, three per voice. Needs espeak-ng and sox.
//   npx tsx scripts/diarize-gen/calibrate.ts   → scripts/diarize-gen/reference.json
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { fbank } from '../../src/lib/server/diarization/fbank.js';
import { LINES, speak } from '../../test/unit/diarization/voices.js';
import { writeOnnx } from '../whisper-gen/write-model.js';
import { buildEmbedding, EMBEDDING_DIM, MEL_BINS } from './embedding.js';

const dir = mkdtempSync(join(tmpdir(), 'diarize-calibrate-'));
try {
	const path = join(dir, 'model.onnx');
	writeOnnx(path, buildEmbedding());
	const session = await ort.InferenceSession.create(path);
	const mean = new Float64Array(EMBEDDING_DIM);
	for (const line of LINES) {
		const features = fbank(speak(line.speaker, line.text), MEL_BINS);
		const frames = features.length / MEL_BINS;
		const out = await session.run({
			input_features: new ort.Tensor('float32', features, [1, frames, MEL_BINS]),
		});
		const v = out.last_hidden_state!.data as Float32Array;
		for (let i = 0; i < EMBEDDING_DIM; i++) mean[i]! += v[i]! / LINES.length;
	}
	const rounded = Array.from(mean, (v) => Number(v.toFixed(5)));
	writeFileSync(new URL('./reference.json', import.meta.url), `${JSON.stringify(rounded)}\n`);
	console.log('wrote scripts/diarize-gen/reference.json');
} finally {
	rmSync(dir, { recursive: true, force: true });
}
