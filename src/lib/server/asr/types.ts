import type { Dtype, SubModel } from './registry';

export type Task = 'transcribe' | 'translate';
export type DevicePreference = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export type ExecutionProvider = 'cuda' | 'webgpu' | 'cpu';
/** How much of 30 s the encoder sees: all of it (as Whisper was trained) or the audio present. */
export type EncoderContext = 'full' | 'audio';

/** Per-sub-model dtype choice: one for both, or one each. */
export type DtypeChoice = Dtype | Partial<Record<SubModel, Dtype>>;

export interface TranscribeOptions {
	/** ISO code or English name; null/undefined detects it from the first speech. */
	language?: string | null;
	task?: Task;
	wordTimestamps?: boolean;
	/** Vocabulary and spelling hints (names, jargon), fed to the decoder as previous text. */
	initialPrompt?: string;
	/** 0 is greedy; above 0 samples (more varied, less repetitive on hard audio). */
	temperature?: number;
	/** Speaker names by channel for multi-channel recordings (channel 0 mic, 1 tab). */
	channelSpeakers?: string[];
	/** Skip voice activity detection and transcribe everything (e.g. for tests or music). */
	disableVad?: boolean;
	/**
	 * Windows decoded as one greedy batch (WHISPER_BATCH; capped by the model's memory). 1 decodes
	 * them one by one, which is also what sampling (temperature > 0) does.
	 */
	batchWindows?: number;
	/**
	 * 'audio' runs the encoder on the audio present instead of a whole 30 s window (live
	 * utterances: a fraction of the work); 'full' (the default) is what Whisper was trained on.
	 */
	encoderContext?: EncoderContext;
	/** Benchmarks only: decode exactly this many tokens per window (see WindowOptions). */
	fixedTokens?: number;
}

export interface Word {
	word: string;
	start: number;
	end: number;
	probability: number;
}

export interface Segment {
	id: number;
	start: number;
	end: number;
	text: string;
	/** exp(mean log-probability) of the segment's tokens, 0..1. */
	confidence: number;
	/** Mean log-probability of the segment's tokens (OpenAI's avg_logprob). */
	avgLogprob: number;
	channel: number | null;
	speaker: string | null;
	/** Stable speaker key when voices were told apart (diarization); else derived from the channel. */
	speakerId?: string | null;
	words?: Word[];
}

export interface TranscriptionResult {
	text: string;
	language: string;
	languageDetected: boolean;
	task: Task;
	segments: Segment[];
	/** Seconds of audio in the input. */
	duration: number;
	/** Seconds of audio that held speech (what was actually decoded). */
	speechDuration: number;
	processingTime: number;
	model: string;
	device: ExecutionProvider;
	dtype: Record<SubModel, Dtype>;
}

export interface Progress {
	/** Seconds of the input audio dealt with so far (speech decoded + silence skipped). */
	doneSeconds: number;
	totalSeconds: number;
	/** Segments finished so far, in time order per channel. */
	segments: Segment[];
}

export interface ProviderProbe {
	provider: ExecutionProvider;
	ok: boolean;
	ms: number;
	error?: string;
}

export interface DeviceReport {
	requested: DevicePreference;
	tried: ProviderProbe[];
	inUse: ExecutionProvider;
	/** Set when a requested or preferred GPU provider failed and CPU was used instead. */
	fallbackReason?: string;
}
