import {
	env,
	type LogitsProcessor,
	LogitsProcessorList,
	pipeline,
	Tensor,
	type ProgressInfo,
} from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { useFastFeatureExtractor } from './features';
import { whisperSessionOptions } from './session-options';
import { CancelCriterion, FirstLogitsCapture, TokenScoreRecorder } from './token-scores';
import type { Dtype, SubModel } from './registry';
import type { ExecutionProvider, Task } from './types';

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
	};
	model: {
		/** Inputs generate() passes on to the model; we add `encoder_outputs` (see `load`). */
		forward_params: string[];
		sessions: {
			model: {
				run(feeds: Record<string, unknown>): Promise<Record<string, unknown>>;
			};
		};
		config: { max_source_positions: number; vocab_size: number; max_target_positions?: number };
		generation_config: {
			decoder_start_token_id: number;
			is_multilingual?: boolean;
			lang_to_id?: Record<string, number>;
			task_to_id?: Record<string, number>;
			prev_sot_token_id?: number;
			/** <|endoftext|>: the first special token; every id below it is text. */
			eos_token_id: number;
			no_timestamps_token_id?: number;
			suppress_tokens?: number[];
		};
		generate(args: Record<string, unknown>): Promise<unknown>;
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
	words?: { word: string; start: number; end: number }[];
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

const SAMPLE_RATE = 16000;
const HOP = 160;
/** Whisper's prompt may use at most half the context (as in the reference implementation). */
const MAX_PROMPT_TOKENS = 223;

/** One loaded Whisper model: language detection and decoding of single ≤30 s windows. */
export class WhisperModel {
	private constructor(
		private readonly parts: WhisperParts,
		readonly fastFeatures: boolean,
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
		return new WhisperModel(pipe, fast);
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
	async detectLanguage(window: EncodedWindow): Promise<{ code: string; probability: number }> {
		const gc = this.parts.model.generation_config;
		const langToId = gc.lang_to_id ?? {};
		const capture = new FirstLogitsCapture(this.parts.model.config.vocab_size);
		await this.parts.model.generate({
			inputs: window.features,
			encoder_outputs: window.hidden,
			decoder_input_ids: [gc.decoder_start_token_id],
			max_new_tokens: 1,
			logits_processor: processorList(capture),
		});
		const row = capture.row;
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
		const { model, tokenizer } = this.parts;
		const { samples } = window;
		const init = this.initTokens(opts);
		const maxTarget = model.config.max_target_positions ?? 448;
		const recorder = new TokenScoreRecorder(model.config.vocab_size);
		const gc = model.generation_config;
		const output = (await model.generate({
			inputs: window.features,
			encoder_outputs: window.hidden,
			decoder_input_ids: init,
			return_timestamps: true,
			return_token_timestamps: opts.words,
			num_frames: Math.floor(samples.length / HOP),
			// Setting max_new_tokens also keeps transformers.js out of its seek loop, which can
			// spin on a degenerate final timestamp pair; our windows never exceed 30 s anyway.
			max_new_tokens: opts.fixedTokens ?? maxTarget - init.length - 1,
			...(opts.fixedTokens
				? { suppress_tokens: [...(gc.suppress_tokens ?? []), gc.eos_token_id] }
				: {}),
			...(opts.temperature > 0 ? { do_sample: true, temperature: opts.temperature } : {}),
			logits_processor: processorList(recorder),
			stopping_criteria: [new CancelCriterion(opts.isCancelled)],
		})) as Tensor | { sequences: Tensor; token_timestamps: Tensor };

		const sequence = (
			'sequences' in output ? output.sequences.tolist() : output.tolist()
		)[0] as bigint[];
		recorder.finish(sequence.length ? Number(sequence[sequence.length - 1]) : undefined);
		const generated = sequence.slice(init.length).map(Number);
		const sot = init.indexOf(model.generation_config.decoder_start_token_id);
		const tokens = sequence.slice(sot);
		const timePrecision = 30 / model.config.max_source_positions;
		const stride = [samples.length / SAMPLE_RATE, 0, 0];

		const [, seg] = tokenizer._decode_asr([{ tokens, stride }], {
			return_timestamps: true,
			time_precision: timePrecision,
			force_full_sequences: false,
		});
		const scores = groupScores(generated, recorder.logprobs, {
			firstSpecial: model.generation_config.eos_token_id,
			timestampBegin: tokenizer.timestamp_begin,
		});
		const segments: WindowSegment[] = (seg.chunks ?? [])
			.filter((c) => c.text.trim())
			.map((c, i, all) => ({
				start: c.timestamp[0],
				end: c.timestamp[1] ?? samples.length / SAMPLE_RATE,
				text: c.text.trim(),
				avgLogprob: all.length === scores.groups.length ? scores.groups[i]! : scores.mean,
			}));

		if (opts.words && 'token_timestamps' in output) {
			const times = (output.token_timestamps.tolist() as number[][])[0]!;
			const first = Math.max(
				sequence.findIndex((t) => Number(t) >= tokenizer.timestamp_begin),
				0,
			);
			const [, word] = tokenizer._decode_asr(
				[{ tokens: sequence.slice(first), token_timestamps: times.slice(first), stride }],
				{ return_timestamps: 'word', time_precision: timePrecision, force_full_sequences: false },
			);
			attachWords(segments, word.chunks ?? []);
		}
		return segments;
	}

	async dispose(): Promise<void> {
		await this.parts.dispose();
	}
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

/** Mean log-probability of each run of text tokens between timestamp tokens. */
function groupScores(
	tokens: number[],
	logprobs: number[],
	ids: { firstSpecial: number; timestampBegin: number },
) {
	const groups: number[] = [];
	let run: number[] = [];
	const close = () => {
		if (run.length) groups.push(run.reduce((a, b) => a + b, 0) / run.length);
		run = [];
	};
	const all: number[] = [];
	tokens.forEach((t, i) => {
		const lp = logprobs[i];
		if (t >= ids.timestampBegin) close();
		else if (lp !== undefined && t < ids.firstSpecial) {
			run.push(lp);
			all.push(lp);
		}
	});
	close();
	const mean = all.length ? all.reduce((a, b) => a + b, 0) / all.length : -1;
	return { groups, mean };
}

/** Gives each segment the words whose midpoint falls inside it. */
function attachWords(segments: WindowSegment[], words: AsrChunk[]): void {
	for (const s of segments) s.words = [];
	for (const w of words) {
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
		target?.words?.push({ word: w.text, start, end });
	}
}
