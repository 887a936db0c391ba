import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowShortInput } from '../../../src/lib/server/asr/short-encoder';
import { WhisperModel, type WindowSegment } from '../../../src/lib/server/asr/whisper-model';
import { windowOptions } from '../../helpers/asr';
import { concat, loadSpeech } from '../../helpers/audio';
import { TEST_MODEL, TEST_MODELS_DIR } from '../../helpers/server';

/*
 * The encoder edited to take the audio present (short-encoder/): at 30 s it must compute exactly
 * what the exported encoder computes, shorter inputs must run, and the windows it encodes must
 * decode through our greedy loop token for token as through transformers.js' generate().
 */
const ROOT = path.join(TEST_MODELS_DIR, TEST_MODEL);
const config = JSON.parse(readFileSync(path.join(ROOT, 'config.json'), 'utf8')) as {
	d_model: number;
	max_source_positions: number;
	num_mel_bins: number;
};
const shape = { positions: config.max_source_positions, dModel: config.d_model };
const MELS = config.num_mel_bins;

function features(frames: number, seed = 1): Tensor {
	const data = new Float32Array(MELS * frames);
	let s = seed;
	for (let i = 0; i < data.length; i++) {
		s = (s * 1103515245 + 12345) % 2 ** 31;
		data[i] = (s / 2 ** 31) * 2 - 1;
	}
	return new Tensor('float32', data, [1, MELS, frames]);
}

async function encode(model: Uint8Array, input: Tensor): Promise<Tensor> {
	const session = await InferenceSession.create(model);
	try {
		return (await session.run({ input_features: input })).last_hidden_state!;
	} finally {
		await session.release();
	}
}

describe.each(['encoder_model.onnx', 'encoder_model_quantized.onnx'])('edited %s', (file) => {
	const original = readFileSync(path.join(ROOT, 'onnx', file));
	const edit = allowShortInput(original, shape);

	it('computes what the export computes on 30 s', async () => {
		expect(edit.ok).toBe(true);
		if (!edit.ok) return;
		const input = features(3000);
		const stock = await encode(original, input);
		const edited = await encode(edit.bytes, input);
		expect(edited.dims).toEqual(stock.dims);
		// The same operations, fused a little differently by onnxruntime: float rounding only
		// (measured 1e-6 on values up to 4, here and on base).
		const a = stock.data as Float32Array;
		const b = edited.data as Float32Array;
		let worst = 0;
		for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
		expect(worst).toBeLessThan(1e-5);
		expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.5);
	});

	it('runs on shorter audio, one position per two mel frames', async () => {
		if (!edit.ok) throw new Error(edit.reason);
		for (const frames of [2, 500, 1234]) {
			const out = await encode(edit.bytes, features(frames));
			expect(out.dims).toEqual([1, frames / 2, config.d_model]);
			expect([...(out.data as Float32Array)].every(Number.isFinite)).toBe(true);
		}
	});
});

describe('allowShortInput refuses what it does not recognise', () => {
	it('a model without the position table (the decoder)', () => {
		const decoder = readFileSync(path.join(ROOT, 'onnx', 'decoder_model_merged.onnx'));
		const r = allowShortInput(decoder, shape);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(/position table/);
	});
	it('bytes that are not a model', () => {
		const r = allowShortInput(Uint8Array.from([0xff, 0xff, 0xff]), shape);
		expect(r.ok).toBe(false);
	});
	it('the wrong dimensions', () => {
		const encoder = readFileSync(path.join(ROOT, 'onnx', 'encoder_model.onnx'));
		const r = allowShortInput(encoder, { positions: 1500, dModel: shape.dModel + 1 });
		expect(r.ok).toBe(false);
	});
});

describe('WhisperModel with the audio as context', () => {
	const speech = loadSpeech();
	const short = concat([0.3, speech, 0.3]);
	const long = concat([speech, 0.5, speech, 0.5, speech, 0.5, speech]);
	let model: WhisperModel;

	beforeAll(async () => {
		model = await WhisperModel.load({
			source: ROOT,
			device: 'cpu',
			dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
			modelsDir: TEST_MODELS_DIR,
			allowRemote: false,
		});
	});
	afterAll(async () => {
		await model?.dispose();
	});

	it('encodes the audio present, padded to at least 5 s', async () => {
		// The edited encoder is made when first asked for (file jobs never need it).
		expect(model.shortInputFallback).toBeUndefined();
		const seconds = short.length / 16000;
		expect(seconds).toBeLessThan(4);
		expect((await model.encode(short, 'audio')).hidden.dims[1]).toBe(250);
		expect(model.shortInputFallback).toBeNull();
		const longSeconds = long.length / 16000;
		expect((await model.encode(long, 'audio')).hidden.dims[1]).toBe(
			Math.ceil(((longSeconds + 1) * 100) / 2),
		);
		expect((await model.encode(short, 'full')).hidden.dims[1]).toBe(1500);
	});

	it('decodes such windows as generate() does, also batched with 30 s ones', async () => {
		const windows = [
			await model.encode(short, 'audio'),
			await model.encode(long, 'audio'),
			await model.encode(short, 'full'),
		];
		for (const extra of [{}, { words: true }]) {
			const batched = await model.transcribeWindows(windows, windowOptions(extra));
			for (const [i, w] of windows.entries()) {
				const reference = await model.transcribeWindow(
					w,
					windowOptions({ ...extra, reference: true }),
				);
				const strip = (segs: WindowSegment[]) =>
					segs.map((s) => ({ ...s, avgLogprob: 0, words: s.words?.map((x) => x.word) }));
				expect(strip(batched[i]!), `window ${i}`).toEqual(strip(reference));
				expect(batched[i]!.length).toBeGreaterThan(0);
			}
		}
	});
});

describe('WhisperModel without the short-input encoder', () => {
	it('encodes whole 30 s windows and says why', async () => {
		const model = await WhisperModel.load({
			source: ROOT,
			device: 'cpu',
			dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
			modelsDir: TEST_MODELS_DIR,
			allowRemote: false,
			shortEncoder: false,
		});
		try {
			const window = await model.encode(loadSpeech(), 'audio');
			expect(window.hidden.dims[1]).toBe(1500);
			expect(model.shortInputFallback).toBe('turned off');
			expect((await model.transcribeWindow(window, windowOptions())).length).toBeGreaterThan(0);
		} finally {
			await model.dispose();
		}
	});
});
