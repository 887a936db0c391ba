import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	AutomaticSpeechRecognitionPipeline,
	AutoProcessor,
	env,
	WhisperFeatureExtractor,
	type PreTrainedModel,
	type PreTrainedTokenizer,
	type Tensor,
} from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { useFastFeatureExtractor } from '../../../src/lib/server/asr/features/pipeline';
import { whisperPreprocessorConfig } from '../../helpers/asr';
import { concat, loadSpeech, maxAbsDiff, noise } from '../../helpers/audio';

/**
 * No Whisper weights here, so the pipeline gets a stand-in model whose `generate` records the
 * `input_features` the pipeline computed and then stops the run. That exercises the real
 * pipeline → processor → feature extractor path, both with the library's extractor and ours.
 */
class Stop extends Error {}

function capturingPipeline(processor: AutomaticSpeechRecognitionPipeline['processor']) {
	const captured: Tensor[] = [];
	const model = {
		config: { model_type: 'whisper', max_source_positions: 1500 },
		generate: ({ inputs }: { inputs: Tensor }) => {
			captured.push(inputs);
			return Promise.reject(new Stop());
		},
		dispose: async () => {},
	};
	const pipe = new AutomaticSpeechRecognitionPipeline({
		task: 'automatic-speech-recognition',
		model: model as unknown as PreTrainedModel,
		tokenizer: null as unknown as PreTrainedTokenizer,
		processor,
	});
	return { pipe, captured };
}

const dir = mkdtempSync(join(tmpdir(), 'features-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('useFastFeatureExtractor', { timeout: 30_000 }, () => {
	it('makes the Whisper pipeline use our log-mel, with the same input_features', async () => {
		env.allowRemoteModels = false;
		writeFileSync(
			join(dir, 'preprocessor_config.json'),
			JSON.stringify(whisperPreprocessorConfig()),
		);
		const processor = await AutoProcessor.from_pretrained(dir);
		const { pipe, captured } = capturingPipeline(processor);
		const audio = concat([0.3, loadSpeech(), 1, noise(16000, 0.05)]);

		await expect(pipe(audio)).rejects.toBeInstanceOf(Stop);
		const t0 = performance.now();
		await expect(pipe(audio)).rejects.toBeInstanceOf(Stop);
		const libraryMs = performance.now() - t0;
		const library = captured[1]!;

		expect(useFastFeatureExtractor(pipe.processor)).toBe(true);
		expect(useFastFeatureExtractor(pipe.processor)).toBe(true); // idempotent
		await expect(pipe(audio)).rejects.toBeInstanceOf(Stop);
		const t1 = performance.now();
		await expect(pipe(audio)).rejects.toBeInstanceOf(Stop);
		const oursMs = performance.now() - t1;
		const ours = captured[3]!;

		expect(ours.dims).toEqual([1, 80, 3000]);
		expect(library.dims).toEqual(ours.dims);
		expect(maxAbsDiff(ours.data as Float32Array, library.data as Float32Array)).toBeLessThan(1e-3);
		console.log(
			`pipeline features: library ${libraryMs.toFixed(0)} ms, ours ${oursMs.toFixed(0)} ms`,
		);
	});

	it('covers chunked long-form input (chunk_length_s) too', async () => {
		const fe = new WhisperFeatureExtractor(whisperPreprocessorConfig());
		const audio = noise(16000 * 45, 0.1, 5);
		const reference = (await fe(audio.subarray(0, 480000))) as { input_features: Tensor };
		const processor = await AutoProcessor.from_pretrained(dir);
		expect(useFastFeatureExtractor(processor)).toBe(true);
		const { pipe, captured } = capturingPipeline(processor);
		await expect(pipe(audio, { chunk_length_s: 30, stride_length_s: 5 })).rejects.toBeInstanceOf(
			Stop,
		);
		const first = captured[0]!.data as Float32Array;
		expect(maxAbsDiff(first, reference.input_features.data as Float32Array)).toBeLessThan(1e-3);
	});

	it('leaves non-Whisper geometry alone', () => {
		const fe = new WhisperFeatureExtractor({
			...whisperPreprocessorConfig(),
			hop_length: 320,
			nb_max_frames: 1500,
		});
		// Only the method's identity is compared: it is never called here.
		const methods = fe as unknown as { _extract_fbank_features: unknown };
		const original = methods._extract_fbank_features;
		expect(useFastFeatureExtractor({ feature_extractor: fe })).toBe(false);
		expect(methods._extract_fbank_features).toBe(original);
		expect(useFastFeatureExtractor({})).toBe(false);
	});
});
