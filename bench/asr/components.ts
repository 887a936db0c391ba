import { AutoProcessor, env } from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { WhisperModel, type WindowOptions } from '../../src/lib/server/asr/whisper-model';
import type { BenchDtype } from './models';
import { windowOptions as greedyWindow } from '../../test/helpers/asr';
import { median, sample, timed } from './stats';

export const TOKENS_PER_WINDOW = 100;

export function loadModel(
	dir: string,
	dtype: BenchDtype,
	sessionOptions?: InferenceSession.SessionOptions,
): Promise<WhisperModel> {
	return WhisperModel.load({
		source: dir,
		device: 'cpu',
		dtype: { encoder_model: dtype, decoder_model_merged: dtype },
		modelsDir: dir,
		allowRemote: false,
		...(sessionOptions ? { sessionOptions } : {}),
	});
}

export function windowOptions(fixedTokens: number, reference = false): WindowOptions {
	return greedyWindow({ fixedTokens, reference });
}

export interface FeatureTimes {
	runs: number;
	oursMs: number;
	transformersMs: number;
}

/** Log-mel features of one 30 s window: ours (as the engine runs them) and the library's own. */
export async function measureFeatures(
	model: WhisperModel,
	dir: string,
	window: Float32Array,
	runs: number,
): Promise<FeatureTimes> {
	env.allowRemoteModels = false;
	const stock = (await AutoProcessor.from_pretrained(dir)) as unknown as (
		audio: Float32Array,
	) => Promise<unknown>;
	const ours = await sample(runs, () => model.features(window), 2);
	const theirs = await sample(runs, () => stock(window), 2);
	return { runs, oursMs: median(ours), transformersMs: median(theirs) };
}

/** Windows per greedy batch in the benchmarks, unless `--batch` says otherwise. */
export const BATCH = 8;

export interface ModelTimes {
	/** Log-mel features of the window, as the engine computes them. */
	featuresMs: number;
	encoderMs: number;
	encoderRuns: number;
	/** Our greedy loop, one window. */
	decoderMsPerToken: number;
	/** The same tokens through transformers.js' generate() (the reference), one window. */
	generateMsPerToken: number;
	/** Our greedy loop on a batch of `batch` windows, per window and token. */
	batchMsPerToken: number;
	batch: number;
	decoderWindows: number;
	/** Features + encoder + 100 tokens, as one window costs in the engine (greedy, alone). */
	windowMs: number;
	/**
	 * A live-sized utterance (the window's first 3 s) encoded with `context: 'audio'` (5 s of
	 * input): encoder, and the greedy loop alone per token over its shorter cross-attention.
	 * Null where the model keeps 30 s windows.
	 */
	utterance: { encoderMs: number; decoderMsPerToken: number } | null;
}

/**
 * Encoder per 30 s window and decoder per token (a fixed 100 tokens per window): greedy alone,
 * through generate(), and greedy in a batch, interleaved so that load affects them alike.
 */
export async function measureModel(
	model: WhisperModel,
	window: Float32Array,
	runs: { encoder: number; decoder: number },
	batchSize = BATCH,
): Promise<ModelTimes> {
	const encoded = await model.encode(window);
	const encoder = await sample(runs.encoder, () => model.runEncoder(encoded.features));
	const features = await sample(runs.encoder, () => model.features(window));
	const size = Math.min(batchSize, model.maxBatch);
	const batch = Array.from({ length: size }, () => encoded);
	const decoder: number[] = [];
	const generate: number[] = [];
	const batched: number[] = [];
	for (let r = 0; r <= runs.decoder; r++) {
		// The first round warms up and is not counted.
		const keep = (list: number[], ms: number) => r > 0 && list.push(ms);
		keep(
			decoder,
			await timed(() => model.transcribeWindow(encoded, windowOptions(TOKENS_PER_WINDOW))),
		);
		keep(
			generate,
			await timed(() => model.transcribeWindow(encoded, windowOptions(TOKENS_PER_WINDOW, true))),
		);
		keep(
			batched,
			await timed(() => model.transcribeWindows(batch, windowOptions(TOKENS_PER_WINDOW))),
		);
	}
	const utterance = await measureUtterance(model, window.subarray(0, 3 * 16000), runs);
	const whole = await sample(runs.decoder, async () =>
		model.transcribeWindow(await model.encode(window), windowOptions(TOKENS_PER_WINDOW)),
	);
	return {
		featuresMs: median(features),
		encoderMs: median(encoder),
		encoderRuns: runs.encoder,
		decoderMsPerToken: median(decoder) / TOKENS_PER_WINDOW,
		generateMsPerToken: median(generate) / TOKENS_PER_WINDOW,
		batchMsPerToken: median(batched) / TOKENS_PER_WINDOW / size,
		batch: size,
		decoderWindows: runs.decoder,
		windowMs: median(whole),
		utterance,
	};
}

async function measureUtterance(
	model: WhisperModel,
	audio: Float32Array,
	runs: { encoder: number; decoder: number },
): Promise<ModelTimes['utterance']> {
	const encoded = await model.encode(audio, 'audio');
	if (model.shortInputFallback !== null) return null;
	const encoder = await sample(runs.encoder, () => model.encode(audio, 'audio'));
	const decoder = await sample(runs.decoder, () =>
		model.transcribeWindow(encoded, windowOptions(TOKENS_PER_WINDOW)),
	);
	return {
		encoderMs: median(encoder),
		decoderMsPerToken: median(decoder) / TOKENS_PER_WINDOW,
	};
}
