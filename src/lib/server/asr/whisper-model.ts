import {
	env,
	type LogitsProcessor,
	LogitsProcessorList,
	pipeline,
	Tensor,
	type ProgressInfo,
} from '@huggingface/transformers';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { useFastFeatureExtractor } from './features';
import { GreedyDecoder, type GreedyRow } from './greedy-decoder';
import { whisperSessionOptions } from './session-options';
import { CancelCriterion, FirstLogitsCapture, TokenScoreRecorder } from './token-scores';
import type { Dtype, SubModel } from './registry';
import type { ExecutionProvider, Task } from './types';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

/** The parts of transformers.js' Whisper pipeline we drive directly. */
interface WhisperParts {
	processor: ((audio: Float32Array) => Promise<{ input_features: Tensor }>) & {
		feature_extractor: unknown;
	};
	tokenizer: {
		timestamp_begin: number;
		encode(text: string, options?: { add_special_tokens?: boolean }): number[];
		_decode_asr(
			sequences: { tokens: bigint[]; stride: number[]; token_timestamps?: number[] }[],
			options: {
				return_timestamps: boolean | 'word';
				time_precision: number;
				force_full_sequences: boolean;
			},
		): [string, { chunks?: AsrChunk[] }];
		/** Groups text tokens into words (as word timestamps do); indices into `tokens`. */
		combineTokensIntoWords(
			tokens: number[],
			language: string | undefined,
		): [string[], number[][], number[][]];
	};
	model: {
		/** Inputs generate() passes on to the model; we add `encoder_outputs` (see `load`). */
		forward_params: string[];
		sessions: {
			model: {
				run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
			};
			decoder_model_merged?: InferenceSession;
		};
		config: {
			max_source_positions: number;
			vocab_size: number;
			max_target_positions?: number;
			decoder_layers: number;
			decoder_attention_heads: number;
			d_model: number;
		};
		generation_config: {
			decoder_start_token_id: number;
			is_multilingual?: boolean;
			lang_to_id?: Record<string, number>;
			task_to_id?: Record<string, number>;
			prev_sot_token_id?: number;
			/** <|endoftext|>: the first special token; every id below it is text. */
			eos_token_id: number;
			no_timestamps_token_id?: number;
			suppress_tokens?: number[] | null;
			begin_suppress_tokens?: number[] | null;
			alignment_heads?: number[][] | null;
		} & Record<string, unknown>;
		generate(args: Record<string, unknown>): Promise<unknown>;
		_extract_token_timestamps(
			outputs: { cross_attentions: Tensor[][]; sequences: Tensor },
			alignmentHeads: number[][],
			numFrames: number,
			timePrecision: number,
			numInputIds: number,
		): Tensor;
		dispose(): Promise<unknown>;
	};
	dispose(): Promise<void>;
}

export interface AsrChunk {
	text: string;
	timestamp: [number, number | null];
}

export interface WindowOptions {
	/** Language code (`en`), already resolved; ignored by English-only models. */
	language: string | null;
	task: Task;
	words: boolean;
	promptIds: number[];
	temperature: number;
	isCancelled: () => boolean;
	/** Called between decoder steps (and windows): a promise pauses decoding until it settles. */
	pause?: () => Promise<void> | undefined;
	/**
	 * Decode through transformers.js' `generate()` instead of our greedy loop (greedy-decoder.ts).
	 * The loop is the default wherever it applies; this exists to compare the two.
	 */
	reference?: boolean;
	/**
	 * Exactly this many tokens, end of text suppressed. Exists for benchmarks (`npm run
	 * bench:asr`), which need the same decoder work per window whatever the model says.
	 */
	fixedTokens?: number;
}

/** A window after the encoder: language detection and decoding both read it. */
export interface EncodedWindow {
	samples: Float32Array;
	features: Tensor;
	/** The encoder's `last_hidden_state` [1, 1500, d_model]. */
	hidden: Tensor;
}

export interface WindowSegment {
	start: number;
	end: number;
	text: string;
	avgLogprob: number;
	/** `probability`: mean probability of the word's tokens, when they could be matched. */
	words?: { word: string; start: number; end: number; probability?: number }[];
}

export interface LoadOptions {
	/** An absolute folder path, or a Hub id when downloads are allowed. */
	source: string;
	device: ExecutionProvider;
	dtype: Record<SubModel, Dtype>;
	modelsDir: string;
	allowRemote: boolean;
	onDownload?: (p: ProgressInfo) => void;
	/** onnxruntime settings; ours (session-options.ts) by default. Benchmarks pass `{}`. */
	sessionOptions?: InferenceSession.SessionOptions;
}

const SAMPLE_RATE = MODEL_SAMPLE_RATE;
const HOP = 160;
/**
 * Encoder positions per window (the cross-attention's time axis): one per two mel frames.
 * transformers.js' `_extract_token_timestamps` crops the attention to `num_frames` of these
 * (its seek loop halves the mel frame count before passing it, as Hugging Face's Python does
 * inside); passing mel frames would let DTW spread words over the padding after the speech.
 */
const encoderFrames = (samples: Float32Array) => Math.floor(samples.length / HOP / 2);
/** Whisper's prompt may use at most half the context (as in the reference implementation). */
const MAX_PROMPT_TOKENS = 223;

/** One loaded Whisper model: language detection and decoding of ≤30 s windows. */
export class WhisperModel {
	private constructor(
		private readonly parts: WhisperParts,
		readonly fastFeatures: boolean,
		/** Our greedy loop, or null where it does not apply (then `generate()` decodes). */
		private readonly decoder: GreedyDecoder | null,
		/** Why the greedy loop is not used, when it is not. */
		readonly decoderFallback: string | null,
	) {}

	static async load(opts: LoadOptions): Promise<WhisperModel> {
		// Offline by default: local_files_only alone still lists files on the Hub in 4.x.
		env.allowRemoteModels = opts.allowRemote;
		env.allowLocalModels = true;
		env.localModelPath = opts.modelsDir;
		env.cacheDir = opts.modelsDir;
		const pipe = (await pipeline('automatic-speech-recognition', opts.source, {
			device: opts.device,
			dtype: opts.dtype,
			progress_callback: opts.onDownload,
			session_options: opts.sessionOptions ?? whisperSessionOptions(),
		})) as unknown as WhisperParts;
		const fast = useFastFeatureExtractor(pipe.processor);
		// generate() only keeps the inputs named here; with `encoder_outputs` kept, it decodes
		// from our encoder run instead of running the encoder again (see `encode`).
		pipe.model.forward_params = [...pipe.model.forward_params, 'encoder_outputs'];
		const { decoder, reason } = greedyDecoderFor(pipe, opts.device);
		return new WhisperModel(pipe, fast, decoder, reason);
	}

	/** How many windows one greedy batch may hold (1 where `generate()` decodes). */
	get maxBatch(): number {
		if (!this.decoder) return 1;
		// The cross-attention cache of every window in the batch is in memory at once:
		// 37 MB a window for base, 0.5 GB for large-v3. Keep a batch within ~600 MB.
		const { layers, heads, headDim } = this.decoder.spec;
		const perWindow = layers * 2 * heads * headDim * this.parts.model.config.max_source_positions;
		return Math.max(1, Math.min(8, Math.floor((600 * 2 ** 20) / (perWindow * 4))));
	}

	get multilingual(): boolean {
		return this.parts.model.generation_config.is_multilingual ?? true;
	}

	get languages(): string[] {
		return Object.keys(this.parts.model.generation_config.lang_to_id ?? {}).map((t) =>
			t.slice(2, -2),
		);
	}

	async features(samples: Float32Array): Promise<Tensor> {
		return (await this.parts.processor(samples)).input_features;
	}

	/** Runs the encoder on log-mel features. */
	async runEncoder(features: Tensor): Promise<Tensor> {
		const out = await this.parts.model.sessions.model.run({ input_features: features.ort_tensor });
		return new Tensor(out.last_hidden_state as Tensor['ort_tensor']);
	}

	/**
	 * Features and encoder output of one window of at most 30 s, computed once for both language
	 * detection and decoding (the encoder is most of a window's cost on CPU).
	 */
	async encode(samples: Float32Array): Promise<EncodedWindow> {
		const features = await this.features(samples);
		return { samples, features, hidden: await this.runEncoder(features) };
	}

	/** Whisper's own language identification: the most likely language token after SOT. */
	async detectLanguage(
		window: EncodedWindow,
		reference = false,
	): Promise<{ code: string; probability: number }> {
		const gc = this.parts.model.generation_config;
		const langToId = gc.lang_to_id ?? {};
		let row: Float32Array | null;
		if (this.decoder && !reference) {
			row = await this.decoder.firstLogits(hiddenOf(window), [gc.decoder_start_token_id]);
		} else {
			const capture = new FirstLogitsCapture(this.parts.model.config.vocab_size);
			await this.parts.model.generate({
				inputs: window.features,
				encoder_outputs: window.hidden,
				decoder_input_ids: [gc.decoder_start_token_id],
				max_new_tokens: 1,
				logits_processor: processorList(capture),
			});
			row = capture.row;
		}
		const entries = Object.entries(langToId);
		if (!row || !entries.length) return { code: 'en', probability: 0 };
		let max = -Infinity;
		for (const [, id] of entries) max = Math.max(max, row[id] ?? -Infinity);
		let sum = 0;
		let best = entries[0]!;
		for (const entry of entries) {
			const l = row[entry[1]] ?? -Infinity;
			sum += Math.exp(l - max);
			if (l > (row[best[1]] ?? -Infinity)) best = entry;
		}
		return { code: best[0].slice(2, -2), probability: Math.exp((row[best[1]] ?? max) - max) / sum };
	}

	/** Token ids for an initial prompt (vocabulary hints), trimmed to what fits. */
	promptIds(prompt: string | undefined): number[] {
		if (!prompt?.trim()) return [];
		const ids = this.parts.tokenizer.encode(' ' + prompt.trim(), { add_special_tokens: false });
		return ids.slice(-MAX_PROMPT_TOKENS);
	}

	private initTokens(opts: WindowOptions): number[] {
		const gc = this.parts.model.generation_config;
		const init: number[] = [];
		if (opts.promptIds.length && gc.prev_sot_token_id !== undefined) {
			init.push(gc.prev_sot_token_id, ...opts.promptIds);
		}
		init.push(gc.decoder_start_token_id);
		if (this.multilingual) {
			const lang = gc.lang_to_id?.[`<|${opts.language ?? 'en'}|>`];
			const task = gc.task_to_id?.[opts.task];
			if (lang !== undefined) init.push(lang);
			if (task !== undefined) init.push(task);
		}
		return init;
	}

	/** Decodes one window of at most 30 s into segments with times relative to the window. */
	async transcribeWindow(window: EncodedWindow, opts: WindowOptions): Promise<WindowSegment[]> {
		return (await this.transcribeWindows([window], opts))[0]!;
	}

	/**
	 * Decodes windows of at most 30 s, each into segments with times relative to its window.
	 * Greedy decoding runs them as one batch (at most `maxBatch`); sampling and the reference
	 * path decode them one by one through transformers.js' `generate()`.
	 */
	async transcribeWindows(
		windows: EncodedWindow[],
		opts: WindowOptions,
	): Promise<WindowSegment[][]> {
		const init = this.initTokens(opts);
		const maxNew =
			opts.fixedTokens ?? (this.parts.model.config.max_target_positions ?? 448) - init.length - 1;
		if (!this.decoder || opts.reference || opts.temperature > 0) {
			const out: WindowSegment[][] = [];
			for (const w of windows) {
				await opts.pause?.();
				out.push(await this.generateWindow(w, init, maxNew, opts));
			}
			return out;
		}
		const gc = this.parts.model.generation_config;
		const rows = await this.decoder.decode({
			hidden: windows.map(hiddenOf),
			init,
			maxNewTokens: maxNew,
			...(opts.fixedTokens ? { suppress: [gc.eos_token_id] } : {}),
			...(opts.words && gc.alignment_heads
				? {
						alignment: {
							heads: gc.alignment_heads as [number, number][],
							frames: windows.map((w) => encoderFrames(w.samples)),
						},
					}
				: {}),
			isCancelled: opts.isCancelled,
			...(opts.pause ? { pause: opts.pause } : {}),
		});
		return rows.map((row, i) =>
			this.segments(windows[i]!.samples, init, row.sequence, row.logprobs, () =>
				this.tokenTimes(row, init, windows[i]!.samples),
			),
		);
	}

	/**
	 * Word timing with the library's DTW (as `generate()` does), from the alignment heads'
	 * attention the loop kept. The library wants every layer's attention; layers without an
	 * alignment head get a placeholder it never reads, and heads are renumbered within their
	 * layer, in the same order, so the result is the library's own.
	 */
	private tokenTimes(row: GreedyRow, init: number[], samples: Float32Array): number[] | null {
		const heads = this.parts.model.generation_config.alignment_heads;
		if (!row.attention || !heads) return null;
		const frames = encoderFrames(samples);
		const byLayer = new Map<number, number[]>();
		heads.forEach(([layer], i) => byLayer.set(layer!, [...(byLayer.get(layer!) ?? []), i]));
		const renumbered = heads.map(([layer], i) => [layer!, byLayer.get(layer!)!.indexOf(i)]);
		const crossAttentions = row.attention.map((step) => {
			const tokens = step[0]!.length / frames;
			return Array.from({ length: this.parts.model.config.decoder_layers }, (_, layer) => {
				const mine = byLayer.get(layer);
				if (!mine) return new Tensor('float32', new Float32Array(tokens), [1, 1, tokens, 1]);
				const data = new Float32Array(mine.length * tokens * frames);
				mine.forEach((h, k) => data.set(step[h]!, k * tokens * frames));
				return new Tensor('float32', data, [1, mine.length, tokens, frames]);
			});
		});
		const times = this.parts.model._extract_token_timestamps(
			{
				cross_attentions: crossAttentions,
				sequences: new Tensor('int64', BigInt64Array.from(row.sequence, BigInt), [
					1,
					row.sequence.length,
				]),
			},
			renumbered,
			frames,
			0.02,
			init.length,
		);
		return (times.tolist() as number[][])[0]!;
	}

	/** One window through transformers.js' `generate()` (sampling, GPUs, and the reference). */
	private async generateWindow(
		window: EncodedWindow,
		init: number[],
		maxNew: number,
		opts: WindowOptions,
	): Promise<WindowSegment[]> {
		const { model } = this.parts;
		const recorder = new TokenScoreRecorder(model.config.vocab_size);
		const gc = model.generation_config;
		const output = (await model.generate({
			inputs: window.features,
			encoder_outputs: window.hidden,
			decoder_input_ids: init,
			return_timestamps: true,
			return_token_timestamps: opts.words,
			num_frames: encoderFrames(window.samples),
			// Setting max_new_tokens also keeps transformers.js out of its seek loop, which can
			// spin on a degenerate final timestamp pair; our windows never exceed 30 s anyway.
			max_new_tokens: maxNew,
			...(opts.fixedTokens
				? { suppress_tokens: [...(gc.suppress_tokens ?? []), gc.eos_token_id] }
				: {}),
			...(opts.temperature > 0 ? { do_sample: true, temperature: opts.temperature } : {}),
			logits_processor: processorList(recorder),
			stopping_criteria: [new CancelCriterion(opts.isCancelled)],
		})) as Tensor | { sequences: Tensor; token_timestamps: Tensor };

		const sequence = (
			('sequences' in output ? output.sequences.tolist() : output.tolist())[0] as bigint[]
		).map(Number);
		recorder.finish(sequence.at(-1));
		return this.segments(window.samples, init, sequence, recorder.logprobs, () =>
			'token_timestamps' in output ? (output.token_timestamps.tolist() as number[][])[0]! : null,
		);
	}

	/** Segments (and words, when timed) from a decoded sequence: the prefix, then new tokens. */
	private segments(
		samples: Float32Array,
		init: number[],
		sequence: number[],
		logprobs: number[],
		tokenTimes: () => number[] | null,
	): WindowSegment[] {
		const { model, tokenizer } = this.parts;
		const generated = sequence.slice(init.length);
		const sot = init.indexOf(model.generation_config.decoder_start_token_id);
		const tokens = sequence.slice(sot).map(BigInt);
		const timePrecision = 30 / model.config.max_source_positions;
		const stride = [samples.length / SAMPLE_RATE, 0, 0];

		const [, seg] = tokenizer._decode_asr([{ tokens, stride }], {
			return_timestamps: true,
			time_precision: timePrecision,
			force_full_sequences: false,
		});
		const runs = textRuns(generated, logprobs, {
			firstSpecial: model.generation_config.eos_token_id,
			timestampBegin: tokenizer.timestamp_begin,
		});
		const scores = groupScores(runs);
		const segments: WindowSegment[] = (seg.chunks ?? [])
			.filter((c) => c.text.trim())
			.map((c, i, all) => ({
				start: c.timestamp[0],
				end: c.timestamp[1] ?? samples.length / SAMPLE_RATE,
				text: c.text.trim(),
				avgLogprob: all.length === scores.groups.length ? scores.groups[i]! : scores.mean,
			}));

		const times = tokenTimes();
		if (times) {
			const first = Math.max(
				sequence.findIndex((t) => t >= tokenizer.timestamp_begin),
				0,
			);
			const [, word] = tokenizer._decode_asr(
				[
					{
						tokens: sequence.slice(first).map(BigInt),
						token_timestamps: times.slice(first),
						stride,
					},
				],
				{ return_timestamps: 'word', time_precision: timePrecision, force_full_sequences: false },
			);
			const chunks = word.chunks ?? [];
			const probabilities = this.wordProbabilities(runs);
			attachWords(segments, chunks, probabilities.length === chunks.length ? probabilities : []);
		}
		return segments;
	}

	/**
	 * Each word's probability, the mean of its tokens' (as OpenAI's Whisper computes it), in the
	 * order word timestamps list the words: the text between timestamp tokens, grouped into
	 * words by the tokenizer's own rule (the one `_decode_asr` applies, without a language since
	 * its word pass starts after the language token).
	 */
	private wordProbabilities(runs: TextRun[]): number[] {
		return runs.flatMap((run) => {
			const [, , indices] = this.parts.tokenizer.combineTokensIntoWords(run.tokens, undefined);
			return indices.map(
				(ix) =>
					ix.reduce((sum, i) => sum + Math.exp(run.logprobs[i] ?? -Infinity), 0) /
					Math.max(1, ix.length),
			);
		});
	}

	async dispose(): Promise<void> {
		await this.parts.dispose();
	}
}

function hiddenOf(window: EncodedWindow): OrtTensor {
	return window.hidden.ort_tensor as unknown as OrtTensor;
}

/**
 * Our greedy loop covers greedy search on the CPU with the merged decoder, for the generation
 * settings Whisper models ship with; anything else keeps transformers.js' `generate()`.
 */
function greedyDecoderFor(
	parts: WhisperParts,
	device: ExecutionProvider,
): { decoder: GreedyDecoder; reason: null } | { decoder: null; reason: string } {
	const why = (reason: string) => ({ decoder: null, reason });
	const session = parts.model.sessions.decoder_model_merged;
	const { config } = parts.model;
	const gc = parts.model.generation_config;
	// On a GPU the cache may live in device memory, which this loop does not handle.
	if (device !== 'cpu') return why(`device ${device}`);
	if (!session?.inputNames.includes('use_cache_branch')) return why('no merged decoder');
	if (gc.no_timestamps_token_id === undefined) return why('no timestamp tokens');
	const unsupported = (
		[
			['repetition_penalty', 1],
			['no_repeat_ngram_size', 0],
			['min_length', 0],
			['min_new_tokens', 0],
			['num_beams', 1],
			['guidance_scale', 1],
		] as const
	).filter(([k, neutral]) => gc[k] != null && gc[k] !== neutral);
	for (const k of ['bad_words_ids', 'forced_bos_token_id', 'forced_eos_token_id']) {
		if (gc[k] != null) return why(`generation_config.${k}`);
	}
	if (unsupported.length) return why(`generation_config.${unsupported[0]![0]}`);
	if (Array.isArray(gc.eos_token_id)) return why('several end-of-text tokens');
	const heads = config.decoder_attention_heads;
	return {
		reason: null,
		decoder: new GreedyDecoder(session, {
			layers: config.decoder_layers,
			heads,
			headDim: config.d_model / heads,
			vocab: config.vocab_size,
			eos: gc.eos_token_id,
			noTimestamps: gc.no_timestamps_token_id,
			suppress: gc.suppress_tokens ?? [],
			beginSuppress: gc.begin_suppress_tokens ?? [],
		}),
	};
}

/**
 * transformers.js' Whisper generate() appends its own processors to the list it is given, so the
 * list must be a LogitsProcessorList (an array would lose them).
 */
function processorList(...processors: LogitsProcessor[]): LogitsProcessorList {
	const list = new LogitsProcessorList();
	for (const p of processors) list.push(p);
	return list;
}

interface TextRun {
	tokens: number[];
	logprobs: (number | undefined)[];
}

/** The text tokens between timestamp tokens, run by run, with their log-probabilities. */
function textRuns(
	tokens: number[],
	logprobs: number[],
	ids: { firstSpecial: number; timestampBegin: number },
): TextRun[] {
	const runs: TextRun[] = [];
	let run: TextRun = { tokens: [], logprobs: [] };
	const close = () => {
		if (run.tokens.length) runs.push(run);
		run = { tokens: [], logprobs: [] };
	};
	tokens.forEach((t, i) => {
		if (t >= ids.timestampBegin) close();
		else if (t < ids.firstSpecial) {
			run.tokens.push(t);
			run.logprobs.push(logprobs[i]);
		}
	});
	close();
	return runs;
}

/** Mean log-probability of each run of text tokens, and of all of them. */
function groupScores(runs: TextRun[]) {
	const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	const known = runs
		.map((r) => r.logprobs.filter((lp): lp is number => lp !== undefined))
		.filter((lps) => lps.length);
	const all = known.flat();
	return { groups: known.map(mean), mean: all.length ? mean(all) : -1 };
}

/** Gives each segment the words whose midpoint falls inside it. */
function attachWords(segments: WindowSegment[], words: AsrChunk[], probabilities: number[]): void {
	for (const s of segments) s.words = [];
	for (const [i, w] of words.entries()) {
		const start = w.timestamp[0];
		const end = w.timestamp[1] ?? start;
		const mid = (start + end) / 2;
		const target =
			segments.find((s) => mid >= s.start && mid <= s.end) ??
			segments.reduce<WindowSegment | undefined>(
				(best, s) =>
					!best ||
					Math.abs((s.start + s.end) / 2 - mid) < Math.abs((best.start + best.end) / 2 - mid)
						? s
						: best,
				undefined,
			);
		const probability = probabilities[i];
		target?.words?.push({
			word: w.text,
			start,
			end,
			...(probability === undefined ? {} : { probability }),
		});
	}
}
