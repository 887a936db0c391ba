// Direct onnxruntime checks of the merged decoder: cached decoding must equal
// full recomputation, and the q8 files must stay close to fp32.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { uniformArray } from './prng.js';
import { buildVocab } from './vocab.js';

interface WhisperConfig {
	d_model: number;
	decoder_layers: number;
	decoder_attention_heads: number;
	num_mel_bins: number;
	max_source_positions: number;
	eos_token_id: number;
}

interface ModelInfo {
	config: WhisperConfig;
	/** Ids of the tokens the steering leaves free (all share one bias). */
	plainText: number[];
	prompt: bigint[];
}

/** Tokens of the first step, fed at once; the rest of the prompt goes one token per cached step. */
const FIRST_STEP = 4;

function modelInfo(dir: string): ModelInfo {
	const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as WhisperConfig;
	const vocab = buildVocab(config.eos_token_id);
	const letters = [...'ghi jk'].map((c) => vocab.textTokens.indexOf(c === ' ' ? 'Ġ' : c));
	return {
		config,
		plainText: vocab.textTokens.map((_, id) => id).filter(vocab.isPlainText),
		prompt: [
			vocab.sot,
			vocab.specialId('<|en|>'),
			vocab.specialId('<|transcribe|>'),
			vocab.noTimestamps,
			...letters,
		].map(BigInt),
	};
}

type Feeds = Record<string, ort.Tensor>;
type Outputs = ort.InferenceSession.OnnxValueMapType;

function output(out: Outputs, name: string): ort.Tensor {
	const value = out[name];
	if (!value) throw new Error(`missing output ${name}`);
	return value;
}

/** [batch, sequence, vocab] logits as rows of the first batch entry. */
function logitRows(out: Outputs): Float32Array[] {
	const logits = output(out, 'logits');
	const [, rows = 0, width = 0] = logits.dims;
	const data = logits.data as Float32Array;
	return Array.from({ length: rows }, (_, r) => data.subarray(r * width, (r + 1) * width));
}

async function encode(dir: string, config: WhisperConfig, suffix: string): Promise<ort.Tensor> {
	const session = await ort.InferenceSession.create(join(dir, `onnx/encoder_model${suffix}.onnx`));
	const [mels, frames] = [config.num_mel_bins, 2 * config.max_source_positions];
	const features = uniformArray(7, 'features', mels * frames, 0.5);
	const input = new ort.Tensor('float32', features, [1, mels, frames]);
	const out = await session.run({ input_features: input });
	await session.release();
	return output(out, 'last_hidden_state');
}

function emptyPast(config: WhisperConfig): Feeds {
	const heads = config.decoder_attention_heads;
	const feeds: Feeds = {};
	for (let i = 0; i < config.decoder_layers; i++) {
		for (const name of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
			const shape = [1, heads, 0, config.d_model / heads];
			feeds[`past_key_values.${i}.${name}`] = new ort.Tensor('float32', new Float32Array(0), shape);
		}
	}
	return feeds;
}

function step(ids: bigint[], hidden: ort.Tensor, past: Feeds, cached: boolean): Feeds {
	return {
		input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
		encoder_hidden_states: hidden,
		use_cache_branch: new ort.Tensor('bool', [cached], [1]),
		...past,
	};
}

/** The present.* outputs of `part` renamed to the past_key_values.* inputs. */
function presentsAsPast(out: Outputs, part: 'decoder' | 'encoder'): Feeds {
	const past: Feeds = {};
	for (const name of Object.keys(out)) {
		if (name.startsWith('present.') && name.includes(`.${part}.`)) {
			past[name.replace('present', 'past_key_values')] = output(out, name);
		}
	}
	return past;
}

/** Last-position logits after the first step and after each cached step. */
async function incrementalLogits(
	session: ort.InferenceSession,
	info: ModelInfo,
	hidden: ort.Tensor,
): Promise<Float32Array[]> {
	const firstIds = info.prompt.slice(0, FIRST_STEP);
	let out = await session.run(step(firstIds, hidden, emptyPast(info.config), false));
	const encoderPast = presentsAsPast(out, 'encoder');
	const all = [logitRows(out).at(-1)];
	for (const token of info.prompt.slice(FIRST_STEP)) {
		const past = { ...encoderPast, ...presentsAsPast(out, 'decoder') };
		out = await session.run(step([token], hidden, past, true));
		all.push(logitRows(out).at(-1));
	}
	return all.map((row) => row ?? new Float32Array(0));
}

/** Largest |a - b|; NaN when the lengths differ. */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
	if (a.length !== b.length) return NaN;
	return a.reduce((max, v, i) => Math.max(max, Math.abs(v - (b[i] ?? NaN))), 0);
}

/** Cosine similarity of a and b at `indices`, each centred on its mean. */
function centredCosine(a: Float32Array, b: Float32Array, indices: readonly number[]): number {
	const pairs = indices.map((i) => [a[i] ?? NaN, b[i] ?? NaN] as const);
	const meanA = pairs.reduce((s, [x]) => s + x, 0) / pairs.length;
	const meanB = pairs.reduce((s, [, y]) => s + y, 0) / pairs.length;
	let dot = 0;
	let normA = 0;
	let normB = 0;
	for (const [x, y] of pairs) {
		dot += (x - meanA) * (y - meanB);
		normA += (x - meanA) ** 2;
		normB += (y - meanB) ** 2;
	}
	return dot / Math.sqrt(normA * normB);
}

export interface OnnxReport {
	cacheMaxAbsDiff: number;
	q8TextLogitSimilarity?: number;
	q8EncoderSimilarity?: number;
}

export async function verifyOnnx(dir: string, withQ8: boolean): Promise<OnnxReport> {
	const info = modelInfo(dir);
	const hidden = await encode(dir, info.config, '');
	const fp32 = await ort.InferenceSession.create(join(dir, 'onnx/decoder_model_merged.onnx'));
	const incremental = await incrementalLogits(fp32, info, hidden);
	const full = logitRows(
		await fp32.run(step(info.prompt, hidden, emptyPast(info.config), false)),
	).slice(FIRST_STEP - 1);
	await fp32.release();
	const cacheMaxAbsDiff = Math.max(
		...incremental.map((row, i) => maxAbsDiff(row, full[i] ?? new Float32Array(0))),
	);
	if (!withQ8) return { cacheMaxAbsDiff };

	const q8 = await ort.InferenceSession.create(
		join(dir, 'onnx/decoder_model_merged_quantized.onnx'),
	);
	const q8Incremental = await incrementalLogits(q8, info, hidden);
	await q8.release();
	// Free text tokens only: the steering biases are identical in both and would inflate the similarity.
	const q8TextLogitSimilarity = Math.min(
		...q8Incremental.map((row, i) =>
			centredCosine(row, incremental[i] ?? new Float32Array(0), info.plainText),
		),
	);
	const q8Hidden = (await encode(dir, info.config, '_quantized')).data as Float32Array;
	const all = Array.from({ length: hidden.size }, (_, i) => i);
	const q8EncoderSimilarity = centredCosine(q8Hidden, hidden.data as Float32Array, all);
	return { cacheMaxAbsDiff, q8TextLogitSimilarity, q8EncoderSimilarity };
}
