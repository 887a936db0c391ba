import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, strings, text, type Field } from '../../../src/lib/server/asr/onnx-proto';
import { signedWeights, signedWeightsExact } from '../../../src/lib/server/asr/signed-weights';
import { WhisperModel, type WindowSegment } from '../../../src/lib/server/asr/whisper-model';
import { windowOptions } from '../../helpers/asr';
import { concat, loadSpeech } from '../../helpers/audio';
import { TEST_MODEL, TEST_MODELS_DIR } from '../../helpers/server';

/*
 * uint8 matmul weights rewritten as int8 (signed-weights/): the same integers, so the same
 * outputs, on CPUs where onnxruntime's uint8 × int8 product is exact (VNNI or AMX: this machine
 * and CI). What shares a weight with anything but an integer matmul must stay as it was.
 */
const ROOT = path.join(TEST_MODELS_DIR, TEST_MODEL);
const file = (name: string) => readFileSync(path.join(ROOT, 'onnx', name));

const UINT8 = 2n;
const INT8 = 3n;

/** Initializer name → data type, and every node of the graph and its subgraphs. */
function inspect(model: Uint8Array): { types: Map<string, bigint>; nodes: Field[][] } {
	const graph = decodeMessage(decodeMessage(model).find((f) => f.no === 7)!.value as Uint8Array);
	const types = new Map<string, bigint>();
	for (const f of graph.filter((x) => x.no === 5)) {
		const t = decodeMessage(f.value as Uint8Array);
		types.set(text(t.find((x) => x.no === 8)!), t.find((x) => x.no === 2)!.value as bigint);
	}
	const nodes: Field[][] = [];
	const walk = (g: Field[]) => {
		for (const f of g.filter((x) => x.no === 1)) {
			const node = decodeMessage(f.value as Uint8Array);
			nodes.push(node);
			for (const a of node.filter((x) => x.no === 5)) {
				for (const sub of decodeMessage(a.value as Uint8Array).filter((x) => x.no === 6)) {
					walk(decodeMessage(sub.value as Uint8Array));
				}
			}
		}
	};
	walk(graph);
	return { types, nodes };
}

function features(frames: number): Tensor {
	const data = new Float32Array(80 * frames);
	let s = 7;
	for (let i = 0; i < data.length; i++) {
		s = (s * 1103515245 + 12345) % 2 ** 31;
		data[i] = (s / 2 ** 31) * 2 - 1;
	}
	return new Tensor('float32', data, [1, 80, frames]);
}

/** The largest difference between two outputs (a diff of 10⁵ floats would drown a failure). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
	expect(b.length).toBe(a.length);
	let out = 0;
	for (let i = 0; i < a.length; i++) out = Math.max(out, Math.abs(a[i]! - b[i]!));
	return out;
}

async function encode(model: Uint8Array): Promise<Float32Array> {
	const session = await InferenceSession.create(model);
	try {
		return (await session.run({ input_features: features(3000) })).last_hidden_state!
			.data as Float32Array;
	} finally {
		await session.release();
	}
}

describe('signedWeights', () => {
	it('rewrites every matmul weight of the q8 encoder and its zero point as int8', () => {
		const original = file('encoder_model_quantized.onnx');
		const before = inspect(original);
		const r = signedWeights(original);
		if (!r.bytes) throw new Error(r.reason);
		const after = inspect(r.bytes);
		const matmuls = before.nodes.filter((n) => strings(n, 4)[0] === 'MatMulInteger');
		expect(matmuls.length).toBeGreaterThan(0);
		for (const n of matmuls) {
			const [, w, , zp] = strings(n, 1);
			expect(before.types.get(w!)).toBe(UINT8);
			expect(after.types.get(w!)).toBe(INT8);
			expect(after.types.get(zp!)).toBe(INT8);
		}
		expect(r.converted).toBe(2 * matmuls.length);
		// ConvInteger has no int8 weights in onnxruntime-web's exports: left alone.
		const conv = before.nodes.find((n) => strings(n, 4)[0] === 'ConvInteger')!;
		expect(after.types.get(strings(conv, 1)[1]!)).toBe(UINT8);
	});

	it.runIf(signedWeightsExact())('computes exactly what the uint8 encoder computes', async () => {
		const original = file('encoder_model_quantized.onnx');
		const stock = await encode(original);
		const signed = await encode(signedWeights(original).bytes!);
		expect(worst(signed, stock)).toBe(0);
		expect(Math.max(...stock.map(Math.abs))).toBeGreaterThan(0.5);
	});

	it("leaves the tied embedding's weights alone, which a Gather and a dequantize also read", () => {
		const original = file('decoder_model_merged_quantized.onnx');
		const r = signedWeights(original);
		if (!r.bytes) throw new Error(r.reason);
		const { types, nodes } = inspect(r.bytes);
		const shared = nodes
			.filter((n) => ['Gather', 'DequantizeLinear'].includes(strings(n, 4)[0]!))
			.flatMap((n) => strings(n, 1))
			.filter((name) => types.has(name) && types.get(name) !== 1n && types.get(name) !== 7n);
		expect(shared.length).toBeGreaterThan(0);
		for (const name of shared) expect(types.get(name), name).toBe(UINT8);
		expect(r.converted).toBeGreaterThan(0);
	});

	it('says why when there is nothing to rewrite', () => {
		expect(signedWeights(file('encoder_model.onnx'))).toEqual({
			bytes: null,
			reason: 'no uint8 matmul weights to convert',
		});
		const r = signedWeights(Uint8Array.from([0xff, 0xff, 0xff]));
		expect(r.bytes).toBeNull();
		if (!r.bytes) expect(r.reason).toMatch(/not an ONNX model/);
	});
});

describe.runIf(signedWeightsExact())('WhisperModel with int8 weights', () => {
	const speech = loadSpeech();
	const audio = concat([0.3, speech, 0.5, speech, 0.3]);
	const models: Record<'stock' | 'signed', WhisperModel> = {} as never;

	beforeAll(async () => {
		for (const [key, signedWeights] of [
			['stock', false],
			['signed', true],
		] as const) {
			models[key] = await WhisperModel.load({
				source: ROOT,
				device: 'cpu',
				dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
				modelsDir: TEST_MODELS_DIR,
				allowRemote: false,
				signedWeights,
			});
		}
	});
	afterAll(async () => {
		await Promise.all(Object.values(models).map((m) => m.dispose()));
	});

	it('loads both sessions rewritten and transcribes as with the shipped weights', async () => {
		expect(models.stock.signedSessions).toEqual([]);
		expect(models.signed.signedSessions).toEqual(['model', 'decoder_model_merged']);
		const strip = (segs: WindowSegment[]) => segs.map((s) => ({ ...s, words: s.words?.length }));
		for (const context of ['full', 'audio'] as const) {
			const [a, b] = await Promise.all([
				models.stock.encode(audio, context),
				models.signed.encode(audio, context),
			]);
			expect(worst(b.hidden.data as Float32Array, a.hidden.data as Float32Array), context).toBe(0);
			const options = windowOptions({ words: true });
			const stock = await models.stock.transcribeWindow(a, options);
			expect(stock.length).toBeGreaterThan(0);
			expect(strip(await models.signed.transcribeWindow(b, options)), context).toEqual(
				strip(stock),
			);
		}
		expect(models.signed.shortInputFallback).toBeNull();
	});
});
