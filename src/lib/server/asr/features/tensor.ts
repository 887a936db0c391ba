import { Tensor } from '@huggingface/transformers';
import { createLogMel, N_FRAMES, type LogMelOptions } from './log-mel';

/** Wraps one extracted window as the encoder's `input_features` [1, nMels, 3000]. */
export function logMelTensor(features: Float32Array, nMels: number): Tensor {
	if (features.length !== nMels * N_FRAMES) {
		throw new RangeError(`expected ${nMels * N_FRAMES} features, got ${features.length}`);
	}
	return new Tensor('float32', features, [1, nMels, N_FRAMES]);
}

/** Audio (16 kHz mono, ≤ 30 s) → `input_features` Tensor, for calling the model directly. */
export function createLogMelTensor(options: LogMelOptions = {}): (audio: Float32Array) => Tensor {
	const extract = createLogMel(options);
	const nMels = options.nMels ?? options.melFilters?.length ?? 80;
	return (audio) => logMelTensor(extract(audio), nMels);
}
