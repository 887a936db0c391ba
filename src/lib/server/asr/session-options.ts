import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * onnxruntime settings for Whisper's encoder and decoder sessions, measured against
 * onnxruntime's defaults by `npm run bench:asr` (docs/benchmarks.md).
 */
export function whisperSessionOptions(): InferenceSession.SessionOptions {
	return {
		// The CPUs this process may use: onnxruntime's default counts every physical core and pins
		// a thread to each, ignoring a CPU affinity or cpuset limit (oversubscribed when confined).
		intraOpNumThreads: availableParallelism(),
		// Spinning pool threads keep burning a core after each run, which slows the JS work between
		// runs (logits processing, VAD, features) and everything else on a small machine.
		extra: { session: { intra_op: { allow_spinning: '0' } } },
	};
}
