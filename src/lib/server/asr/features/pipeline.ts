import { Tensor, WhisperFeatureExtractor } from '@huggingface/transformers';
import { createLogMel, HOP_LENGTH, N_FFT, N_FRAMES, N_SAMPLES, SAMPLE_RATE } from './log-mel';

/** The part of a pipeline or processor we touch (`pipe.processor` or `pipe` itself both fit). */
export interface HasFeatureExtractor {
	feature_extractor?: unknown;
}

const PATCHED = Symbol.for('meetingscribe.fastLogMel');

function isWhisperGeometry(config: Record<string, unknown>): boolean {
	return (
		config.n_fft === N_FFT &&
		config.hop_length === HOP_LENGTH &&
		config.sampling_rate === SAMPLE_RATE &&
		(config.n_samples ?? N_SAMPLES) === N_SAMPLES &&
		(config.nb_max_frames ?? N_FRAMES) === N_FRAMES
	);
}

function isFilterMatrix(value: unknown): value is number[][] {
	return Array.isArray(value) && value.every((row) => Array.isArray(row));
}

/**
 * Swaps the processor's log-mel computation for ours. transformers.js' pipeline calls
 * `processor(audio)` → `feature_extractor._call(audio)`, which validates, pads or cuts to 30 s and
 * then calls `this._extract_fbank_features(waveform)` expecting a [nMels, 3000] Tensor; replacing
 * that one instance method keeps the library's own padding, warnings and `unsqueeze_(0)`.
 * Returns false (leaving the library's extractor in place) for anything that is not Whisper's
 * 16 kHz / n_fft 400 / hop 160 / 30 s front end.
 */
export function useFastFeatureExtractor(processor: HasFeatureExtractor): boolean {
	const fe = processor.feature_extractor;
	if (!(fe instanceof WhisperFeatureExtractor)) return false;
	if ((fe as unknown as Record<symbol, unknown>)[PATCHED]) return true;
	const config = fe.config as Record<string, unknown>;
	if (!isWhisperGeometry(config)) return false;
	// The constructor fills `mel_filters` (computed or from preprocessor_config.json): reuse them
	// so both paths use the very same filters.
	const melFilters = isFilterMatrix(config.mel_filters) ? config.mel_filters : undefined;
	const nMels = typeof config.feature_size === 'number' ? config.feature_size : 80;
	const extract = createLogMel({ nMels, melFilters });
	fe._extract_fbank_features = (waveform) =>
		Promise.resolve(new Tensor('float32', extract(waveform), [nMels, N_FRAMES]));
	Object.defineProperty(fe, PATCHED, { value: true });
	return true;
}
