import type { Dtype, SubModel } from './registry';
import type {
	DevicePreference,
	DeviceReport,
	ExecutionProvider,
	Progress,
	TranscribeOptions,
} from './types';
import type { RunOutput } from './transcribe';
import type { PcmFile } from '../infra/media/audio-source';

/**
 * What a transcription reads: arrays (live clips, copied or transferred whole), or 16 kHz PCM in
 * a file that the worker reads window by window, so a long file never crosses as a whole.
 */
export type WorkerAudio = { channels: Float32Array[] } | { file: PcmFile };

/**
 * What callers hand the engine: one array per channel, or PCM in a file (`openAudio`), which
 * must stay in place until the transcription settles.
 */
export type EngineAudio = Float32Array[] | PcmFile;

export function toWorkerAudio(audio: EngineAudio): WorkerAudio {
	if (!Array.isArray(audio)) return { file: audio };
	// A buffer already handed over (detached) would make postMessage drop the whole message
	// without a word when transferred again: the job would wait forever. Only an empty buffer
	// can be detached, and cloning an empty one is free.
	for (const c of audio) if (c.buffer.byteLength === 0) structuredClone(c.buffer);
	return { channels: audio };
}

/** The buffers to hand over rather than copy (arrays only, when the caller allows it). */
export function transferList(audio: WorkerAudio, transfer?: boolean): ArrayBuffer[] {
	return transfer && 'channels' in audio ? audio.channels.map((c) => c.buffer as ArrayBuffer) : [];
}

export interface ModelSpec {
	/** Name shown in results (`base`, `whisper-test`, `onnx-community/whisper-small`). */
	name: string;
	/** Absolute folder, or a Hub id for a download. */
	source: string;
	dtype: Record<SubModel, Dtype>;
}

export type ToWorker =
	| {
			type: 'init';
			modelsDir: string;
			allowRemote: boolean;
			device: DevicePreference;
			batchWindows?: number;
	  }
	| { type: 'load'; id: number; model: ModelSpec }
	| {
			type: 'transcribe';
			id: number;
			model: ModelSpec;
			audio: WorkerAudio;
			options: TranscribeOptions;
			/** Work of lower priority pauses while this runs (see worker.ts). */
			priority: number;
	  }
	| { type: 'cancel'; id: number }
	| { type: 'dispose' };

export interface WireError {
	code: string;
	message: string;
	details?: Record<string, unknown>;
}

export type FromWorker =
	| { type: 'ready'; device: DeviceReport }
	| {
			type: 'loaded';
			id: number;
			model: string;
			device: ExecutionProvider;
			ms: number;
			fastFeatures: boolean;
			/** 'greedy' (our loop), or why transformers.js' generate() decodes instead. */
			decoder: string;
	  }
	| {
			/** Live work asked for the encoder on short audio, and this model cannot: why. */
			type: 'short_encoder_unavailable';
			model: string;
			reason: string;
	  }
	| {
			type: 'download';
			id: number;
			model: string;
			file: string;
			progress: number;
			loaded?: number;
			total?: number;
	  }
	| { type: 'device_fallback'; from: ExecutionProvider; reason: string }
	| { type: 'progress'; id: number; progress: Progress }
	| {
			type: 'result';
			id: number;
			output: RunOutput;
			device: ExecutionProvider;
			processingTime: number;
	  }
	| { type: 'error'; id: number | null; error: WireError }
	| { type: 'disposed' };
