import { env, pipeline, Tensor } from '@huggingface/transformers';
import { isAbsolute, join } from 'node:path';
import { greedyDecoderFor, hiddenOf, processorList } from './decoder-choice';
import { useFastFeatureExtractor } from './features';
import type { GreedyDecoder } from './greedy-decoder';
import { DTYPE_SUFFIX, type SubModel } from './registry';
import { signedWeightsExact, useSignedWeights } from './signed-weights';
import type { EncoderContext } from './types';
import { whisperSessionOptions } from './session-options';
import { ShortInputEncoder } from './short-encoder';
import { contextFrames, leadingFrames } from './short-encoder/context';
import { CancelCriterion, FirstLogitsCapture, TokenScoreRecorder } from './token-scores';
import { tokenTimes, windowSegments } from './window-segments';
import {
	encoderFrames,
	type EncodedWindow,
	type LoadOptions,
	type WhisperParts,
	type WindowOptions,
	type WindowSegment,
} from './whisper-types';

export type {
	AsrChunk,
	EncodedWindow,
	LoadOptions,
	WindowOptions,
	WindowSegment,
} from './whisper-types';

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
		/** The encoder for less than 30 s of audio (`context: 'audio'`), made when first used. */
		private readonly shortEncoder: ShortInputEncoder,
		/** Sessions loaded with their uint8 weights rewritten as int8 (signed-weights/). */
		readonly signedSessions: readonly string[],
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
		const signed = await signedSessions(pipe, opts);
		const { decoder, reason } = greedyDecoderFor(pipe, opts.device);
		const short = shortInputEncoder(pipe, opts, decoder, signed.includes('model'));
		return new WhisperModel(pipe, fast, decoder, reason, short, signed);
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

	/**
	 * Why `context: 'audio'` encodes whole 30 s windows after all (a GPU, or an export that does
	 * not allow it); null when it does not, undefined until it was first asked for.
	 */
	get shortInputFallback(): string | null | undefined {
		return this.shortEncoder.reason;
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
	 * detection and decoding (the encoder is most of a window's cost on CPU). `context: 'audio'`
	 * encodes only the audio present (short-encoder/context.ts): a fraction of the work for a
	 * short utterance, and a shorter cross-attention for every decoder step.
	 */
	async encode(samples: Float32Array, context: EncoderContext = 'full'): Promise<EncodedWindow> {
		const features = await this.features(samples);
		const short = context === 'audio' ? await this.shortEncoder.session() : null;
		if (!short) return { samples, features, hidden: await this.runEncoder(features) };
		const input = leadingFrames(features, contextFrames(samples.length, features.dims[2]!));
		const out = await short.run({ input_features: input.ort_tensor });
		return { samples, features, hidden: new Tensor(out.last_hidden_state as Tensor['ort_tensor']) };
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
		const lengths = [...new Set(windows.map((w) => w.hidden.dims[1]))];
		if (lengths.length > 1) {
			// A batch shares one cross-attention length: windows encoded on their audio alone go
			// in groups of the same length.
			const out: WindowSegment[][] = [];
			for (const length of lengths) {
				const ids = windows.flatMap((w, i) => (w.hidden.dims[1] === length ? [i] : []));
				const done = await this.transcribeWindows(
					ids.map((i) => windows[i]!),
					opts,
				);
				ids.forEach((i, k) => (out[i] = done[k]!));
			}
			return out;
		}
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
			windowSegments(this.parts, windows[i]!.samples, init, row.sequence, row.logprobs, () =>
				tokenTimes(this.parts, row, init, windows[i]!.samples),
			),
		);
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
		return windowSegments(this.parts, window.samples, init, sequence, recorder.logprobs, () =>
			'token_timestamps' in output ? (output.token_timestamps.tolist() as number[][])[0]! : null,
		);
	}

	async dispose(): Promise<void> {
		await this.decoder?.dispose();
		await this.shortEncoder.release();
		await this.parts.dispose();
	}
}

const modelFile = (opts: LoadOptions, name: SubModel): string =>
	join(
		isAbsolute(opts.source) ? opts.source : join(opts.modelsDir, opts.source),
		'onnx',
		`${name}${DTYPE_SUFFIX[opts.dtype[name]]}.onnx`,
	);

const cpuOptions = (opts: LoadOptions) => ({
	...(opts.sessionOptions ?? whisperSessionOptions()),
	executionProviders: ['cpu'],
});

/** On CPUs where it is exact, sessions with uint8 weights are remade with int8 ones. */
async function signedSessions(pipe: WhisperParts, opts: LoadOptions): Promise<string[]> {
	if (opts.device !== 'cpu' || opts.signedWeights === false || !signedWeightsExact()) return [];
	return useSignedWeights({
		sessions: pipe.model.sessions,
		files: {
			model: modelFile(opts, 'encoder_model'),
			decoder_model_merged: modelFile(opts, 'decoder_model_merged'),
		},
		options: cpuOptions(opts),
	});
}

/** The encoder for short inputs: on the CPU, with our greedy loop (which it is checked with). */
function shortInputEncoder(
	pipe: WhisperParts,
	opts: LoadOptions,
	decoder: GreedyDecoder | null,
	signed: boolean,
): ShortInputEncoder {
	if (opts.device !== 'cpu') return new ShortInputEncoder({ unavailable: 'only on the CPU' });
	if (opts.shortEncoder === false) return new ShortInputEncoder({ unavailable: 'turned off' });
	if (!decoder) {
		return new ShortInputEncoder({ unavailable: "transformers.js' generate() decodes" });
	}
	const { config, generation_config: gc } = pipe.model;
	return new ShortInputEncoder({
		file: modelFile(opts, 'encoder_model'),
		signed,
		shape: {
			positions: config.max_source_positions,
			dModel: config.d_model,
			mels: config.num_mel_bins ?? 80,
		},
		options: cpuOptions(opts),
		// An export could fix the cross-attention at 1500 positions: two steps through both
		// branches of the decoder's `If` on the encoding of 2 s.
		checkDecoder: async (hidden) => {
			await decoder.decode({
				hidden: [hidden],
				init: [gc.decoder_start_token_id],
				maxNewTokens: 2,
				isCancelled: () => false,
			});
		},
	});
}
