// One branch of the merged decoder's `If`: the Hugging Face Whisper decoder
// (learned positions, pre-LN blocks of self-attention, cross-attention and
// feed-forward) plus the steering biases. Both branches produce the outputs
// listed in decoder-io.ts, in that order.
import { attr } from './graph.js';
import type { GraphBuilder } from './graph.js';
import type { TiedEmbedding } from './embedding.js';
import { pastName } from './decoder-io.js';
import type { BlockContext } from './layers.js';
import {
  attend,
  feedForward,
  layerNorm,
  projection,
  query,
  residual,
  splitHeads,
} from './layers.js';
import type { WeightFormat } from './linear.js';
import { createLinear } from './linear.js';
import type { WhisperDims } from './presets.js';

export const PREFIX = 'model.decoder';

/** Model-level values both branches read (names of outer-scope initializers). */
export interface DecoderShared {
  dims: WhisperDims;
  format: WeightFormat;
  seed: number;
  embedding: TiedEmbedding;
  positions: string;
  steering: { positionTable: string; tokenTable: string };
  alignment: {
    positionTable: string;
    frameTable: string;
    headMasks: (string | null)[];
  };
  emptyEncoderCache: string;
}

interface Step {
  b: GraphBuilder;
  ctx: BlockContext;
  cached: boolean;
  causalMask: string;
  alignmentBias: string;
  presents: string[];
  crossAttentions: string[];
}

/** Absolute positions of the new tokens, and the causal mask [seq, past + seq] over all keys. */
function positionsAndMask(
  b: GraphBuilder,
  cached: boolean,
): { positions: string; causalMask: string } {
  const pastLength = cached
    ? b.op('Gather', [
        b.op('Shape', [pastName(0, 'decoder', 'key')]),
        b.int64(2),
      ])
    : b.int64(0);
  const end = b.op('Add', [
    pastLength,
    b.op('Gather', [b.op('Shape', ['input_ids']), b.int64(1)]),
  ]);
  const positions = b.op('Range', [pastLength, end, b.int64(1)]);
  const keyPositions = b.op('Range', [b.int64(0), end, b.int64(1)]);
  const future = b.op('Greater', [
    keyPositions,
    b.op('Unsqueeze', [positions, b.int64s([1])]),
  ]);
  return {
    positions,
    causalMask: b.op('Where', [future, b.float(-1e9), b.float(0)]),
  };
}

function selfAttention(step: Step, layer: number, h: string): string {
  const { b, ctx } = step;
  const p = `${PREFIX}.layers.${layer}.self_attn`;
  const q = query(ctx, h, `${p}.q_proj`);
  let k = splitHeads(ctx, projection(ctx, h, `${p}.k_proj`, false));
  let v = splitHeads(ctx, projection(ctx, h, `${p}.v_proj`, true));
  if (step.cached) {
    k = b.op('Concat', [pastName(layer, 'decoder', 'key'), k], {
      axis: attr.int(2),
    });
    v = b.op('Concat', [pastName(layer, 'decoder', 'value'), v], {
      axis: attr.int(2),
    });
  }
  step.presents.push(k, v);
  return projection(
    ctx,
    attend(ctx, q, k, v, step.causalMask).context,
    `${p}.out_proj`,
    true,
  );
}

function crossAttention(
  step: Step,
  s: DecoderShared,
  layer: number,
  h: string,
): string {
  const { b, ctx } = step;
  const p = `${PREFIX}.layers.${layer}.encoder_attn`;
  const q = query(ctx, h, `${p}.q_proj`);
  let k = pastName(layer, 'encoder', 'key');
  let v = pastName(layer, 'encoder', 'value');
  if (step.cached) {
    step.presents.push(
      b.op('Identity', [s.emptyEncoderCache]),
      b.op('Identity', [s.emptyEncoderCache]),
    );
  } else {
    k = splitHeads(
      ctx,
      projection(ctx, 'encoder_hidden_states', `${p}.k_proj`, false),
    );
    v = splitHeads(
      ctx,
      projection(ctx, 'encoder_hidden_states', `${p}.v_proj`, true),
    );
    step.presents.push(k, v);
  }
  const headMask = s.alignment.headMasks[layer];
  const bias = headMask
    ? b.op('Mul', [step.alignmentBias, headMask])
    : undefined;
  const { context, probs } = attend(ctx, q, k, v, bias);
  step.crossAttentions.push(probs);
  return projection(ctx, context, `${p}.out_proj`, true);
}

export function decoderBranch(
  b: GraphBuilder,
  cached: boolean,
  s: DecoderShared,
): string[] {
  const { dims } = s;
  const d = dims.dModel;
  const linear = createLinear(b, s.format, s.seed);
  const ctx: BlockContext = {
    g: b,
    linear,
    dModel: d,
    heads: dims.heads,
    ffnDim: dims.ffnDim,
  };
  const { positions, causalMask } = positionsAndMask(b, cached);
  // [seq, frames] score bias for the alignment heads (alignment.ts).
  const alignmentBias = b.op('MatMul', [
    b.op('Gather', [s.alignment.positionTable, positions]),
    s.alignment.frameTable,
  ]);
  const step: Step = {
    b,
    ctx,
    cached,
    causalMask,
    alignmentBias,
    presents: [],
    crossAttentions: [],
  };

  let x = b.op('Add', [
    s.embedding.lookup(b, 'input_ids'),
    b.op('Gather', [s.positions, positions]),
  ]);
  for (let i = 0; i < dims.decoderLayers; i++) {
    const p = `${PREFIX}.layers.${i}`;
    x = residual(
      b,
      x,
      (h) => selfAttention(step, i, h),
      `${p}.self_attn_layer_norm`,
      d,
    );
    x = residual(
      b,
      x,
      (h) => crossAttention(step, s, i, h),
      `${p}.encoder_attn_layer_norm`,
      d,
    );
    x = residual(
      b,
      x,
      (h) => feedForward(ctx, h, p),
      `${p}.final_layer_norm`,
      d,
    );
  }
  const hidden = layerNorm(b, x, `${PREFIX}.layer_norm`, d);
  // Steering (steering.ts): a rank-5 logit bias chosen by position.
  const steering = b.op('MatMul', [
    b.op('Gather', [s.steering.positionTable, positions]),
    s.steering.tokenTable,
  ]);
  const logits = b.op('Add', [s.embedding.logits(b, hidden), steering]);
  return [logits, ...step.presents, ...step.crossAttentions];
}
