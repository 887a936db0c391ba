import { Tensor as OrtTensor, type InferenceSession } from 'onnxruntime-node';
import { createLogSumExpSession, LSE_INPUT, LSE_OUTPUT } from './logsumexp-graph';

/**
 * Whisper's greedy decoding loop, run directly on the merged decoder's onnxruntime session.
 *
 * transformers.js' `generate()` spends about half of each decoded token in JavaScript around the
 * session run (tensor wrappers, list copies, a generic processor chain that allocates per step);
 * this loop does only what Whisper's greedy search needs, in place, and decodes several windows
 * as one batch. For one window it chooses exactly the tokens `generate()` chooses — the logits
 * rules below are transformers.js 4.3.1's, operation for operation — which the unit tests check
 * against the library: one step against its processors (test/unit/asr/greedy-step.test.ts),
 * whole windows against `generate()` on the generated model (greedy-decoder.test.ts).
 *
 * Rules applied per step, in the library's order: `suppress_tokens`; `begin_suppress_tokens` at
 * the first generated position; the log-probability of the token for confidence (recorded after
 * suppression, before the timestamp rules, as TokenScoreRecorder did); Whisper's timestamp rules
 * (no <|notimestamps|>, the first token is a timestamp, timestamps in pairs, a timestamp wins when
 * the timestamps' total probability beats the best text token); then argmax, first index on ties.
 * Stops at end of text, at the length limit, or when cancelled.
 */

export interface DecoderSpec {
	layers: number;
	heads: number;
	headDim: number;
	vocab: number;
	eos: number;
	noTimestamps: number;
	suppress: number[];
	beginSuppress: number[];
}

export interface GreedyRequest {
	/** Encoder `last_hidden_state` of each window, [1, frames, d_model] each. */
	hidden: OrtTensor[];
	/** Prefix tokens, the same for every window. */
	init: number[];
	maxNewTokens: number;
	/** Suppressed on top of the model's list (benchmarks suppress end of text). */
	suppress?: number[];
	/**
	 * Keep the cross-attention of these [layer, head] pairs, cropped to each window's encoder
	 * frames: word timestamps need only them (a few % of all heads and of a 30 s window).
	 */
	alignment?: { heads: [number, number][]; frames: number[] };
	isCancelled(): boolean;
	/** Called between steps: a promise pauses decoding (the caches wait) until it settles. */
	pause?(): Promise<void> | undefined;
}

export interface GreedyRow {
	/** The prefix followed by the generated tokens. */
	sequence: number[];
	/** Log-probability of each generated token (floored at -20), for confidence. */
	logprobs: number[];
	/** Per step, per alignment head: this window's cross-attention, [tokens × frames]. */
	attention?: Float32Array[][];
}

type Feeds = Record<string, OrtTensor>;

const TRUE = new OrtTensor('bool', new Uint8Array([1]), [1]);
const FALSE = new OrtTensor('bool', new Uint8Array([0]), [1]);

export class GreedyDecoder {
	private readonly decoderKv: { present: string[]; past: string[] };
	private readonly encoderKv: { present: string[]; past: string[] };
	private lse: Promise<InferenceSession> | undefined;
	/** Windows per run in a batch's first step (`firstStep`); the benchmark's A/B sets more. */
	firstStepRows = 1;

	constructor(
		private readonly session: InferenceSession,
		readonly spec: DecoderSpec,
	) {
		this.decoderKv = kvNames(spec.layers, 'decoder');
		this.encoderKv = kvNames(spec.layers, 'encoder');
	}

	/** The last position's logits after one step on `init` (language detection reads them). */
	async firstLogits(hidden: OrtTensor, init: number[]): Promise<Float32Array> {
		const out = await this.session.run(this.firstFeeds(hidden, init), ['logits']);
		const data = out.logits!.data as Float32Array;
		return data.slice(data.length - this.spec.vocab);
	}

	async decode(req: GreedyRequest): Promise<GreedyRow[]> {
		const { spec } = this;
		const { init } = req;
		const maxLength = init.length + req.maxNewTokens;
		const suppress = [...spec.suppress, ...(req.suppress ?? [])];
		const rows: (GreedyRow & { done: boolean })[] = req.hidden.map(() => ({
			sequence: [...init],
			logprobs: [],
			done: false,
			...(req.alignment ? { attention: [] } : {}),
		}));
		// Row index of each batch position; finished rows leave the batch.
		let active = rows.map((_, i) => i);
		let hidden = concatRows(req.hidden);
		const alignment = req.alignment;
		const cross = [...new Set(alignment?.heads.map(([l]) => `cross_attentions.${l}`))];
		const { decoderKv: decoderNames, encoderKv: encoderNames } = this;

		let out = await this.firstStep(req.hidden, hidden, init, [
			'logits',
			...decoderNames.present,
			...encoderNames.present,
			...cross,
		]);
		let encoderKv: OrtTensor[] = encoderNames.present.map((n) => out[n] as OrtTensor);

		for (;;) {
			const last = lastPositions(out.logits!, spec.vocab);
			const first = rows[active[0]!]!.sequence.length === init.length;
			const rowOf = (b: number) => last.subarray(b * spec.vocab, (b + 1) * spec.vocab);
			for (let b = 0; b < active.length; b++) {
				suppressTokens(rowOf(b), suppress, first ? spec.beginSuppress : []);
			}
			const lse = await this.logSumExps(last, active.length);
			for (let b = 0; b < active.length; b++) {
				const row = rows[active[b]!]!;
				const { token, logprob } = chooseToken(
					rowOf(b),
					row.sequence,
					init.length,
					suppress,
					spec,
					lse[b],
				);
				row.sequence.push(token);
				row.logprobs.push(logprob);
				if (alignment) {
					const frames = alignment.frames[active[b]!]!;
					row.attention!.push(
						alignment.heads.map(([l, h]) => headOf(out[`cross_attentions.${l}`]!, b, h, frames)),
					);
				}
				if (row.sequence.length >= maxLength || token === spec.eos) row.done = true;
			}
			const paused = req.pause?.();
			if (paused) await paused;
			if (req.isCancelled()) break;
			const keep = active.flatMap((r, b) => (rows[r]!.done ? [] : [b]));
			if (!keep.length) break;

			let decoderKv = decoderNames.present.map((n) => out[n] as OrtTensor);
			if (keep.length < active.length) {
				decoderKv = decoderKv.map((t) => keepRows(t, keep));
				encoderKv = encoderKv.map((t) => keepRows(t, keep));
				hidden = keepRows(hidden, keep);
				active = keep.map((b) => active[b]!);
			}
			const ids = BigInt64Array.from(active, (r) => BigInt(rows[r]!.sequence.at(-1)!));
			const feeds: Feeds = {
				input_ids: new OrtTensor('int64', ids, [active.length, 1]),
				encoder_hidden_states: hidden,
				use_cache_branch: TRUE,
			};
			decoderNames.past.forEach((n, i) => (feeds[n] = decoderKv[i]!));
			encoderNames.past.forEach((n, i) => (feeds[n] = encoderKv[i]!));
			out = await this.session.run(feeds, ['logits', ...decoderNames.present, ...cross]);
		}
		return rows.map(({ done: _done, ...row }) => row);
	}

	async dispose(): Promise<void> {
		const lse = this.lse;
		this.lse = undefined;
		if (lse) await (await lse).release();
	}

	/** Each row's log-sum-exp of `rows` × vocab logits, in onnxruntime (see logsumexp-graph.ts). */
	private async logSumExps(logits: Float32Array, count: number): Promise<Float32Array> {
		this.lse ??= createLogSumExpSession();
		const input = new OrtTensor('float32', logits, [count, this.spec.vocab]);
		const out = await (await this.lse).run({ [LSE_INPUT]: input });
		return out[LSE_OUTPUT]!.data as Float32Array;
	}

	/**
	 * A batch's first step, window by window, stacked. It computes the cross-attention caches
	 * (37 MB a window for base), which onnxruntime allocates (and its arena keeps) and the
	 * binding copies to JavaScript: run as one batch, onnxruntime's copy is the whole batch's.
	 */
	private async firstStep(
		hidden: OrtTensor[],
		batched: OrtTensor,
		init: number[],
		names: string[],
	): Promise<Record<string, OrtTensor>> {
		const step = Math.max(1, this.firstStepRows);
		if (hidden.length <= step) return this.session.run(this.firstFeeds(batched, init), names);
		const stacked: Record<string, OrtTensor> = {};
		for (let at = 0; at < hidden.length; at += step) {
			const part = hidden.slice(at, at + step);
			const feeds = this.firstFeeds(part.length === 1 ? part[0]! : concatRows(part), init);
			const out = await this.session.run(feeds, names);
			for (const name of names) {
				const t = out[name] as OrtTensor;
				const size = (t.data as Float32Array).length / part.length;
				const dims = [hidden.length, ...t.dims.slice(1)];
				stacked[name] ??= new OrtTensor('float32', new Float32Array(size * hidden.length), dims);
				(stacked[name].data as Float32Array).set(t.data as Float32Array, at * size);
			}
		}
		return stacked;
	}

	/** The first step's inputs: the prefix for every row of `hidden`, empty caches. */
	private firstFeeds(hidden: OrtTensor, init: number[]): Feeds {
		const { heads, headDim, layers } = this.spec;
		const batch = hidden.dims[0]!;
		const ids = new BigInt64Array(batch * init.length);
		for (let b = 0; b < batch; b++) init.forEach((t, i) => (ids[b * init.length + i] = BigInt(t)));
		const feeds: Feeds = {
			input_ids: new OrtTensor('int64', ids, [batch, init.length]),
			encoder_hidden_states: hidden,
			use_cache_branch: FALSE,
		};
		const empty = new OrtTensor('float32', new Float32Array(0), [batch, heads, 0, headDim]);
		for (let i = 0; i < layers; i++) {
			for (const part of ['decoder', 'encoder']) {
				feeds[`past_key_values.${i}.${part}.key`] = empty;
				feeds[`past_key_values.${i}.${part}.value`] = empty;
			}
		}
		return feeds;
	}
}

/** The merged decoder's cache outputs and the inputs they feed, layer by layer. */
function kvNames(layers: number, part: 'decoder' | 'encoder') {
	const present: string[] = [];
	const past: string[] = [];
	for (let i = 0; i < layers; i++) {
		for (const kv of ['key', 'value']) {
			present.push(`present.${i}.${part}.${kv}`);
			past.push(`past_key_values.${i}.${part}.${kv}`);
		}
	}
	return { present, past };
}

/**
 * Applies the logits rules to one row of logits (in place) and picks the token; `sequence` is
 * the prefix and the tokens so far, `beginIndex` the prefix length. `lse` is the row's
 * log-sum-exp after suppression (for the token's log-probability), when computed elsewhere
 * (onnxruntime, float32); without it, it is computed here exactly as the library's recorder
 * does. Exported for its test.
 */
export function chooseToken(
	row: Float32Array,
	sequence: number[],
	beginIndex: number,
	suppress: number[],
	spec: Pick<DecoderSpec, 'eos' | 'noTimestamps' | 'beginSuppress'>,
	lse?: number,
): { token: number; logprob: number } {
	const { eos, noTimestamps, beginSuppress } = spec;
	const tsBegin = noTimestamps + 1;
	const vocab = row.length;
	const first = sequence.length === beginIndex;
	suppressTokens(row, suppress, first ? beginSuppress : []);
	const rowLse = lse ?? logSumExp(row);
	// The rules below only ever mask (set -Infinity); a masked token is chosen only when all
	// are masked, and then it is token 0. So row[0] is the only value worth keeping.
	const before0 = row[0]!;

	row[noTimestamps] = -Infinity;
	let textMasked = first;
	if (first) {
		row.fill(-Infinity, 0, tsBegin);
	} else {
		const n = sequence.length - beginIndex;
		const last = n >= 1 && sequence[sequence.length - 1]! >= tsBegin;
		const penultimate = n < 2 || sequence[sequence.length - 2]! >= tsBegin;
		if (last) {
			if (penultimate) row.fill(-Infinity, tsBegin);
			else row.fill(-Infinity, 0, eos);
		}
	}
	// Best text token and best timestamp token (first index on ties), in one pass.
	let textIdx = 0;
	let textTop = row[0]!;
	for (let i = 1; i < tsBegin; i++) {
		if (row[i]! > textTop) {
			textTop = row[i]!;
			textIdx = i;
		}
	}
	let tsIdx = tsBegin;
	let tsTop = row[tsBegin]!;
	for (let i = tsBegin + 1; i < vocab; i++) {
		if (row[i]! > tsTop) {
			tsTop = row[i]!;
			tsIdx = i;
		}
	}
	// Whisper's rule (a timestamp when all timestamps together beat the best text token) only
	// changes the choice when the best timestamp is not already the best token.
	if (!first && tsTop > -Infinity && tsTop <= textTop) {
		if (timestampsWin(row, tsBegin, textTop, tsTop)) textMasked = true;
	}
	// Argmax over the row, first index on ties; 0 when everything is masked.
	const token = textMasked ? (tsTop > -Infinity ? tsIdx : 0) : tsTop > textTop ? tsIdx : textIdx;
	const value = token === 0 ? before0 : row[token]!;
	return { token, logprob: Math.max(value - rowLse, -20) };
}

/** `suppress_tokens`, and `begin_suppress_tokens` at the first generated position. */
function suppressTokens(row: Float32Array, suppress: number[], beginSuppress: number[]): void {
	for (const t of suppress) row[t] = -Infinity;
	for (const t of beginSuppress) row[t] = -Infinity;
}

/** log(sum(exp(row))) in double precision, in index order (as TokenScoreRecorder sums it). */
function logSumExp(row: Float32Array): number {
	let max = -Infinity;
	for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
	let sum = 0;
	for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
	return max + Math.log(sum);
}

/** Decisions closer than this to a tie are taken the library's way, rounding included. */
const TIE_MARGIN = 1e-3;

/**
 * Whisper's timestamp rule on a masked row whose best token is text (`textTop`): do the
 * timestamps' probabilities together beat it? In exact arithmetic that is
 * log-sum-exp(timestamps) > textTop, which needs only the timestamp logits (3% of the row).
 * Near a tie the library's float32 rounding decides, so there the library's computation is
 * repeated operation for operation (one pass of exp over the row).
 */
function timestampsWin(row: Float32Array, tsBegin: number, textTop: number, tsTop: number) {
	const vocab = row.length;
	if (tsTop + Math.log(vocab - tsBegin) < textTop - TIE_MARGIN) return false;
	let sumTs = 0;
	for (let i = tsBegin; i < vocab; i++) sumTs += Math.exp(row[i]! - tsTop);
	const lseTs = tsTop + Math.log(sumTs);
	if (Math.abs(lseTs - textTop) > TIE_MARGIN) return lseTs > textTop;
	// The library: log_softmax of the masked row (stored as float32), then the sum of the
	// float32 exp() of the timestamps' values against the best text token's value.
	let sumExps = 0;
	for (let i = 0; i < vocab; i++) sumExps += Math.exp(row[i]! - textTop);
	const logSum = Math.log(sumExps);
	let tsMass = 0;
	for (let i = tsBegin; i < vocab; i++) {
		tsMass += Math.fround(Math.exp(Math.fround(row[i]! - textTop - logSum)));
	}
	return Math.log(tsMass) > Math.fround(-logSum);
}

/** The last position's logits of each row of [rows, positions, vocab] logits, as [rows × vocab]. */
function lastPositions(logits: OrtTensor, vocab: number): Float32Array {
	const data = logits.data as Float32Array;
	const [rows, positions] = logits.dims as [number, number];
	if (positions === 1) return data;
	const out = new Float32Array(rows * vocab);
	for (let b = 0; b < rows; b++) {
		const offset = ((b + 1) * positions - 1) * vocab;
		out.set(data.subarray(offset, offset + vocab), b * vocab);
	}
	return out;
}

/** [1, …] tensors stacked into one [n, …] batch (the tensor itself when there is one). */
function concatRows(rows: OrtTensor[]): OrtTensor {
	if (rows.length === 1) return rows[0]!;
	const size = (rows[0]!.data as Float32Array).length;
	const data = new Float32Array(size * rows.length);
	rows.forEach((r, i) => data.set(r.data as Float32Array, i * size));
	return new OrtTensor('float32', data, [rows.length, ...rows[0]!.dims.slice(1)]);
}

/**
 * The rows at `keep` (ascending) of a [batch, …] float tensor this loop owns, moved to the front
 * of its buffer: a copy would hold a second cross-attention cache until garbage collection.
 */
function keepRows(t: OrtTensor, keep: number[]): OrtTensor {
	const data = t.data as Float32Array;
	const size = data.length / t.dims[0]!;
	keep.forEach((b, i) => b !== i && data.copyWithin(i * size, b * size, (b + 1) * size));
	const dims = [keep.length, ...t.dims.slice(1)];
	return new OrtTensor('float32', data.subarray(0, size * keep.length), dims);
}

/** Row `b`, head `h` of a [batch, heads, tokens, frames] attention, cropped to `frames`. */
function headOf(t: OrtTensor, b: number, h: number, frames: number): Float32Array {
	const [, heads, tokens, all] = t.dims as [number, number, number, number];
	const src = t.data as Float32Array;
	const out = new Float32Array(tokens * frames);
	const base = (b * heads + h) * tokens * all;
	for (let s = 0; s < tokens; s++) {
		out.set(src.subarray(base + s * all, base + s * all + frames), s * frames);
	}
	return out;
}
