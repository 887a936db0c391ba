import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	WhisperModel,
	type EncodedWindow,
	type WindowOptions,
	type WindowSegment,
} from '../../../src/lib/server/asr/whisper-model';
import { windowOptions } from '../../helpers/asr';
import { concat, loadSpeech, noise } from '../../helpers/audio';
import { TEST_MODEL, TEST_MODELS_DIR } from '../../helpers/server';

/*
 * Our greedy loop (greedy-decoder.ts) against transformers.js' generate() on the generated
 * model: for one window it must choose the same tokens, hence the same segments, confidences
 * and word times, whatever the options.
 */
const speech = loadSpeech();
const SR = 16000;
const clips: Record<string, Float32Array> = {
	short: concat([0.3, speech, 0.3]),
	long: concat([speech, 0.4, speech, 0.2, speech, 0.6, speech, 0.3, speech]),
	noisy: concat([speech, noise(SR * 2, 0.05, 7), speech]),
	full: concat([
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		1,
		speech,
		0.5,
		speech,
	]).slice(0, 30 * SR),
};

const options = windowOptions;

/**
 * The same tokens give the same segments, text, times and words; the confidences (avgLogprob,
 * word probabilities) may differ in the sixth decimal, since our loop sums the log-sum-exp in
 * float32 (onnxruntime) where the reference sums in double.
 */
function expectSameSegments(ours: WindowSegment[], theirs: WindowSegment[], label: string) {
	const exact = (segs: WindowSegment[]) =>
		segs.map(({ avgLogprob: _a, words, ...s }) => ({
			...s,
			words: words?.map(({ probability: _p, ...w }) => w),
		}));
	expect(exact(ours), label).toEqual(exact(theirs));
	const scores = (segs: WindowSegment[]) =>
		segs.flatMap((s) => [s.avgLogprob, ...(s.words ?? []).map((w) => w.probability ?? NaN)]);
	const expected = scores(theirs);
	scores(ours).forEach((x, i) => expect(x, label).toBeCloseTo(expected[i]!, 4));
}

describe.each(['q8', 'fp32'] as const)('greedy decoding, %s', (dtype) => {
	let model: WhisperModel;
	const encoded: Record<string, EncodedWindow> = {};

	beforeAll(async () => {
		model = await WhisperModel.load({
			source: path.join(TEST_MODELS_DIR, TEST_MODEL),
			device: 'cpu',
			dtype: { encoder_model: dtype, decoder_model_merged: dtype },
			modelsDir: TEST_MODELS_DIR,
			allowRemote: false,
		});
		for (const [name, clip] of Object.entries(clips)) encoded[name] = await model.encode(clip);
	});
	afterAll(async () => {
		await model?.dispose();
	});

	it('is used on the CPU', () => {
		expect(model.decoderFallback).toBeNull();
		expect(model.maxBatch).toBeGreaterThan(1);
	});

	const cases: [string, Partial<WindowOptions>][] = [
		['plain', {}],
		['another language, translated', { language: 'de', task: 'translate' }],
		['with a prompt', { promptIds: [104, 105, 32, 116, 104, 101, 114, 101] }],
		['with word timestamps', { words: true }],
		['with a fixed token count', { fixedTokens: 60 }],
	];
	it.each(cases)('matches generate(): %s', async (_name, extra) => {
		for (const name of Object.keys(clips)) {
			const ours = await model.transcribeWindow(encoded[name]!, options(extra));
			const theirs = await model.transcribeWindow(
				encoded[name]!,
				options({ ...extra, reference: true }),
			);
			expectSameSegments(ours, theirs, name);
			if (!extra.fixedTokens) expect(ours.length, name).toBeGreaterThan(0);
			if (extra.words) {
				const words = ours.flatMap((s) => s.words ?? []);
				expect(words.length).toBeGreaterThan(0);
				// Aligned within the audio, not over the padding that fills the 30 s window.
				const duration = clips[name]!.length / SR;
				for (const w of words) {
					expect(w.end, name).toBeLessThanOrEqual(duration + 0.02);
					// Each word's own probability, from its tokens.
					expect(w.probability).toBeGreaterThan(0);
					expect(w.probability).toBeLessThanOrEqual(1);
				}
				expect(new Set(words.map((w) => w.probability)).size).toBeGreaterThan(1);
			}
		}
	});

	it('detects the same language as generate()', async () => {
		for (const name of Object.keys(clips)) {
			expect(await model.detectLanguage(encoded[name]!)).toEqual(
				await model.detectLanguage(encoded[name]!, true),
			);
		}
	});

	it('decodes a batch of windows of different lengths like one by one', async () => {
		// Windows finish at different steps, so finished rows leave the batch on the way.
		const names = Object.keys(clips);
		const batch = await model.transcribeWindows(
			names.map((n) => encoded[n]!),
			options({ words: true }),
		);
		const single: WindowSegment[][] = [];
		for (const n of names) {
			single.push(await model.transcribeWindow(encoded[n]!, options({ words: true })));
		}
		if (dtype === 'fp32') {
			// The same tokens; the float32 log-sum-exp of a row may round differently in a batch.
			batch.forEach((segs, i) => expectSameSegments(segs, single[i]!, names[i]!));
		} else {
			// q8 models quantise activations with one scale per tensor (DynamicQuantizeLinear), so
			// a batch's rows share a scale and the random model's near-ties can flip. Each window
			// must still decode into well-formed segments.
			expect(batch).toHaveLength(names.length);
			batch.forEach((segs, i) => {
				expect(segs.length, names[i]).toBeGreaterThan(0);
				for (const s of segs) {
					// Window-relative; the caller clamps times onto the window.
					expect(s.start).toBeGreaterThanOrEqual(0);
					expect(s.text.trim()).not.toBe('');
					expect(s.words?.length).toBeGreaterThan(0);
				}
			});
		}
	});

	it('decodes a batch of the same window exactly as that window alone', async () => {
		// Identical rows share the quantisation scale they would have alone: exact for q8 too.
		const alone = await model.transcribeWindow(encoded.long!, options({ words: true }));
		const batch = await model.transcribeWindows(
			[encoded.long!, encoded.long!, encoded.long!],
			options({ words: true }),
		);
		for (const segs of batch) expectSameSegments(segs, alone, 'long');
	});

	it('samples through generate() when a temperature is set', async () => {
		const sampled = await model.transcribeWindows(
			[encoded.short!, encoded.long!],
			options({ temperature: 0.8 }),
		);
		expect(sampled).toHaveLength(2);
		for (const segs of sampled) {
			expect(segs.length).toBeGreaterThan(0);
			for (const s of segs) {
				// Raw window times (a random model may even go backwards; the caller clamps).
				expect(s.text.trim()).not.toBe('');
				expect(s.avgLogprob).toBeLessThanOrEqual(0);
			}
		}
	});

	it('stops within a token once cancelled', async () => {
		let calls = 0;
		const segments = await model.transcribeWindows([encoded.full!, encoded.long!], {
			...options({ fixedTokens: 200 }),
			isCancelled: () => ++calls > 5,
		});
		expect(calls).toBe(6);
		expect(segments).toHaveLength(2);
	});
});
