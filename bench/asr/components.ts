import { AutoProcessor, env } from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-node';
import { WhisperModel, type WindowOptions } from '../../src/lib/server/asr/whisper-model';
import type { BenchDtype } from './models';
import { median, sample } from './stats';

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

export function windowOptions(fixedTokens: number): WindowOptions {
	return {
		language: 'en',
		task: 'transcribe',
		words: false,
		promptIds: [],
		temperature: 0,
		isCancelled: () => false,
		fixedTokens,
	};
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

export interface ModelTimes {
	encoderMs: number;
	encoderRuns: number;
	decoderMsPerToken: number;
	decoderWindows: number;
	/** Features + encoder + 100 tokens, as one window costs in the engine. */
	windowMs: number;
}

/** Encoder per 30 s window and decoder per token (a fixed 100 tokens per window). */
export async function measureModel(
	model: WhisperModel,
	window: Float32Array,
	runs: { encoder: number; decoder: number },
): Promise<ModelTimes> {
	const encoded = await model.encode(window);
	const encoder = await sample(runs.encoder, () => model.runEncoder(encoded.features));
	const decoder = await sample(runs.decoder, () =>
		model.transcribeWindow(encoded, windowOptions(TOKENS_PER_WINDOW)),
	);
	const whole = await sample(runs.decoder, async () =>
		model.transcribeWindow(await model.encode(window), windowOptions(TOKENS_PER_WINDOW)),
	);
	return {
		encoderMs: median(encoder),
		encoderRuns: runs.encoder,
		decoderMsPerToken: median(decoder) / TOKENS_PER_WINDOW,
		decoderWindows: runs.decoder,
		windowMs: median(whole),
	};
}
