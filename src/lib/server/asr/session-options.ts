import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';

/**
 * onnxruntime settings for Whisper's encoder and decoder sessions, measured against
 * onnxruntime's defaults by `npm run bench:asr` (docs/benchmarks.md).
 *
 * Memory (docs/benchmarks.md, session 5): the CPU arena stays on. Off, onnxruntime frees the
 * encoder's activations (its attention scores are 8 × 1500 × 1500 floats a layer) after every
 * run instead of keeping them: base q8 at batch 4 then peaked 100–200 MB lower on 1 minute but
 * only 25–60 MB lower on 10, and a whole window was 7% slower (the pages are faulted in again
 * on every run), which live transcription would feel. `session.disable_prepacking` saved
 * 15–40 MB of the load but not the peak; `enableMemPattern: false` and
 * `session.use_device_allocator_for_initializers` changed nothing measurable.
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
