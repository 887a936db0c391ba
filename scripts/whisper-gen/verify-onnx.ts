// Direct onnxruntime checks of the merged decoder: cached decoding must equal
// full recomputation, and the q8 files must stay close to fp32.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { uniformArray } from './prng.js';
import { buildVocab } from './vocab.js';

interface ModelInfo {
  layers: number;
  heads: number;
  headDim: number;
  /** Ids of the tokens the steering leaves free (all share one bias). */
  plainText: number[];
  prompt: bigint[];
}

function modelInfo(dir: string): ModelInfo {
  const config = JSON.parse(
    readFileSync(join(dir, 'config.json'), 'utf8'),
  ) as Record<string, number>;
  const generation = JSON.parse(
    readFileSync(join(dir, 'generation_config.json'), 'utf8'),
  ) as {
    decoder_start_token_id: number;
    no_timestamps_token_id: number;
    lang_to_id: Record<string, number>;
    task_to_id: Record<string, number>;
  };
  const heads = config.decoder_attention_heads;
  return {
    layers: config.decoder_layers,
    heads,
    headDim: config.d_model / heads,
    plainText: Array.from(
      { length: config.eos_token_id },
      (_, id) => id,
    ).filter(buildVocab(config.eos_token_id).isPlainText),
    // <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|> and a few letters.
    prompt: [
      generation.decoder_start_token_id,
      generation.lang_to_id['<|en|>'],
      generation.task_to_id.transcribe,
      generation.no_timestamps_token_id,
      70,
      71,
      72,
      220,
      73,
    ].map(BigInt),
  };
}

type Feeds = Record<string, ort.Tensor>;

async function encode(dir: string, suffix: string): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(
    join(dir, `onnx/encoder_model${suffix}.onnx`),
  );
  const features = new ort.Tensor(
    'float32',
    uniformArray(7, 'features', 80 * 3000, 0.5),
    [1, 80, 3000],
  );
  const { last_hidden_state } = await session.run({ input_features: features });
  await session.release();
  return last_hidden_state;
}

function emptyPast(info: ModelInfo): Feeds {
  const feeds: Feeds = {};
  for (let i = 0; i < info.layers; i++) {
    for (const part of ['decoder', 'encoder']) {
      for (const kv of ['key', 'value']) {
        feeds[`past_key_values.${i}.${part}.${kv}`] = new ort.Tensor(
          'float32',
          new Float32Array(0),
          [1, info.heads, 0, info.headDim],
        );
      }
    }
  }
  return feeds;
}

function step(
  ids: bigint[],
  hidden: ort.Tensor,
  past: Feeds,
  cached: boolean,
): Feeds {
  return {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [
      1,
      ids.length,
    ]),
    encoder_hidden_states: hidden,
    use_cache_branch: new ort.Tensor('bool', [cached], [1]),
    ...past,
  };
}

/** Logits of the last position, [vocab]. */
function lastLogits(out: ort.InferenceSession.OnnxValueMapType): Float32Array {
  const logits = out.logits;
  const vocab = logits.dims[2];
  return (logits.data as Float32Array).slice((logits.dims[1] - 1) * vocab);
}

/** Feeds the prompt as a 4-token first step, then one token per cached step; returns each step's last logits. */
async function incrementalLogits(
  session: ort.InferenceSession,
  info: ModelInfo,
  hidden: ort.Tensor,
): Promise<Float32Array[]> {
  const first = 4;
  let out = await session.run(
    step(info.prompt.slice(0, first), hidden, emptyPast(info), false),
  );
  const encoderPast: Feeds = {};
  for (const name of Object.keys(out)) {
    if (name.includes('.encoder.'))
      encoderPast[name.replace('present', 'past_key_values')] = out[name];
  }
  const all = [lastLogits(out)];
  for (let t = first; t < info.prompt.length; t++) {
    const past: Feeds = { ...encoderPast };
    for (const name of Object.keys(out)) {
      if (name.includes('.decoder.'))
        past[name.replace('present', 'past_key_values')] = out[name];
    }
    out = await session.run(step([info.prompt[t]], hidden, past, true));
    all.push(lastLogits(out));
  }
  return all;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Cosine similarity of a and b at `indices`, each centred on its mean. */
function centredCosine(
  a: Float32Array,
  b: Float32Array,
  indices: readonly number[],
): number {
  const mean = (x: Float32Array) =>
    indices.reduce((s, i) => s + x[i], 0) / indices.length;
  const [ma, mb] = [mean(a), mean(b)];
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const i of indices) {
    dot += (a[i] - ma) * (b[i] - mb);
    na += (a[i] - ma) ** 2;
    nb += (b[i] - mb) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

export interface OnnxReport {
  cacheMaxAbsDiff: number;
  q8TextLogitSimilarity?: number;
  q8EncoderSimilarity?: number;
}

export async function verifyOnnx(
  dir: string,
  withQ8: boolean,
): Promise<OnnxReport> {
  const info = modelInfo(dir);
  const hidden = await encode(dir, '');
  const fp32 = await ort.InferenceSession.create(
    join(dir, 'onnx/decoder_model_merged.onnx'),
  );
  const incremental = await incrementalLogits(fp32, info, hidden);
  const full = await fp32.run(
    step(info.prompt, hidden, emptyPast(info), false),
  );
  const fullLogits = full.logits;
  const vocab = fullLogits.dims[2];
  let cacheMaxAbsDiff = 0;
  incremental.forEach((logits, i) => {
    const row = (fullLogits.data as Float32Array).subarray(
      (3 + i) * vocab,
      (4 + i) * vocab,
    );
    cacheMaxAbsDiff = Math.max(cacheMaxAbsDiff, maxAbsDiff(logits, row));
  });
  await fp32.release();
  if (!withQ8) return { cacheMaxAbsDiff };

  const q8 = await ort.InferenceSession.create(
    join(dir, 'onnx/decoder_model_merged_quantized.onnx'),
  );
  const q8Incremental = await incrementalLogits(q8, info, hidden);
  await q8.release();
  // Free text tokens only: the steering biases are identical in both and would inflate the similarity.
  const similarities = q8Incremental.map((logits, i) =>
    centredCosine(logits, incremental[i], info.plainText),
  );
  const q8Hidden = await encode(dir, '_quantized');
  const all = Array.from({ length: hidden.size }, (_, i) => i);
  const encoderSimilarity = centredCosine(
    q8Hidden.data as Float32Array,
    hidden.data as Float32Array,
    all,
  );
  return {
    cacheMaxAbsDiff,
    q8TextLogitSimilarity: Math.min(...similarities),
    q8EncoderSimilarity: encoderSimilarity,
  };
}
