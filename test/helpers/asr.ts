import type { WindowOptions } from '../../src/lib/server/asr/whisper-model';

/** Options for decoding one window: greedy English transcription, no prompt, unless `extra`. */
export function windowOptions(extra: Partial<WindowOptions> = {}): WindowOptions {
	return {
		language: 'en',
		task: 'transcribe',
		words: false,
		promptIds: [],
		temperature: 0,
		isCancelled: () => false,
		...extra,
	};
}
