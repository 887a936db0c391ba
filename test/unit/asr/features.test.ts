import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoProcessor, env, Tensor, type Processor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogMel, N_FRAMES } from '../../../src/lib/server/asr/features/log-mel';
import { createLogMelTensor } from '../../../src/lib/server/asr/features/tensor';
import { whisperPreprocessorConfig } from '../../helpers/asr';
import { concat, loadSpeech, maxAbsDiff, noise, tone } from '../../helpers/audio';

let dir: string;
const reference: Record<number, Processor> = {};

beforeAll(async () => {
	env.allowRemoteModels = false;
	dir = mkdtempSync(join(tmpdir(), 'features-test-'));
	for (const size of [80, 128]) {
		const modelDir = join(dir, `whisper-${size}`);
		mkdirSync(modelDir);
		writeFileSync(
			join(modelDir, 'preprocessor_config.json'),
			JSON.stringify(whisperPreprocessorConfig(size)),
		);
		reference[size] = await AutoProcessor.from_pretrained(modelDir);
	}
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function transformersFeatures(nMels: number, audio: Float32Array): Promise<Tensor> {
	const { input_features } = (await reference[nMels]!(audio)) as { input_features: Tensor };
	return input_features;
}

const speech = loadSpeech();
const cases: Record<string, () => Float32Array> = {
	'440 Hz sine, 5 s': () => tone(440, 16000, 5),
	'white noise, exactly 30 s (reflect padding at the end)': () => noise(480000, 0.2),
	'white noise, 40 s (cut to 30 s)': () => noise(640000, 0.2, 7),
	'espeak-ng speech': () => speech,
	'speech between silences': () => concat([0.5, speech, 3, speech, 0.25]),
	'300 samples': () => noise(300, 0.5, 3),
	'digital silence': () => new Float32Array(480000),
};

describe(
	'createLogMel matches transformers.js WhisperFeatureExtractor',
	{ timeout: 30_000 },
	() => {
		for (const nMels of [80, 128]) {
			const extract = createLogMel({ nMels });
			for (const [name, make] of Object.entries(cases)) {
				it(`${nMels} mels: ${name}`, async () => {
					const audio = make();
					const expected = await transformersFeatures(nMels, audio);
					expect(expected.dims).toEqual([1, nMels, N_FRAMES]);
					const ours = extract(audio);
					expect(ours.length).toBe(nMels * N_FRAMES);
					expect(maxAbsDiff(ours, expected.data as Float32Array)).toBeLessThanOrEqual(1e-3);
				});
			}
		}

		it('accepts Float64Array input', async () => {
			const audio = Float64Array.from(speech);
			const expected = await transformersFeatures(80, Float32Array.from(speech));
			const ours = createLogMel()(audio);
			expect(maxAbsDiff(ours, expected.data as Float32Array)).toBeLessThanOrEqual(1e-3);
		});

		it('wraps a window as input_features [1, nMels, 3000]', () => {
			const tensor = createLogMelTensor({ nMels: 128 })(speech);
			expect(tensor.dims).toEqual([1, 128, 3000]);
			expect(tensor.type).toBe('float32');
		});

		it('is fast (timing printed, not asserted)', async () => {
			const audio = noise(480000, 0.2, 11);
			const extract = createLogMel({ nMels: 80 });
			for (let i = 0; i < 5; i++) extract(audio); // JIT warm-up
			// Let onnxruntime's thread pool (used by the reference's matmul) stop spin-waiting first.
			await new Promise((resolve) => setTimeout(resolve, 300));
			const ours: number[] = [];
			for (let i = 0; i < 15; i++) {
				const t = performance.now();
				extract(audio);
				ours.push(performance.now() - t);
			}
			const theirs: number[] = [];
			for (let i = 0; i < 4; i++) {
				const t = performance.now();
				await transformersFeatures(80, audio);
				theirs.push(performance.now() - t);
			}
			const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
			console.log(
				`log-mel per 30 s window: ours median ${median(ours).toFixed(1)} ms ` +
					`(min ${Math.min(...ours).toFixed(1)}), transformers.js median ${median(theirs).toFixed(1)} ms`,
			);
			expect(ours.length).toBe(15);
		});
	},
);
