/**
 * Where a transcription's memory goes, stage by stage, in this process (no engine worker):
 *   node --import tsx bench/asr/memory-stages.ts <model id> <dtype> <batch> [options JSON]
 * The options JSON replaces session-options.ts' settings (e.g. '{"enableCpuMemArena":false}');
 * omitted, the engine's own settings load the model. Prints one JSON line: VmRSS and VmHWM
 * (MB) after each stage. Peak RSS only grows within a process: run each variant in a fresh one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { loadModel, TOKENS_PER_WINDOW, windowOptions } from './components';
import { speechLike } from './audio';
import { BENCH_MODELS_DIR, type BenchDtype } from './models';

/** VmRSS and VmHWM of this process, MB. */
export function rssNow(): { rss: number; hwm: number } {
	const status = readFileSync('/proc/self/status', 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
	return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

const [model, dtype, batchArg, optionsJson] = process.argv.slice(2);
const batch = Number(batchArg);
const options = optionsJson
	? (JSON.parse(optionsJson) as InferenceSession.SessionOptions)
	: undefined;
const stages: Record<string, { rss: number; hwm: number }> = { start: rssNow() };
const window = speechLike(30).subarray(0, 30 * 16000);

const whisper = await loadModel(path.join(BENCH_MODELS_DIR, model!), dtype as BenchDtype, options);
stages.load = rssNow();
const encoded = await whisper.encode(window);
stages.encoder = rssNow();
await whisper.detectLanguage(encoded);
stages.language = rssNow();
const started = performance.now();
const windows = Array.from({ length: batch }, () => encoded);
await whisper.transcribeWindows(windows, windowOptions(TOKENS_PER_WINDOW));
stages.decode = rssNow();
// A second round: what stays and what the allocators reuse.
for (let i = 0; i < batch; i++) windows[i] = await whisper.encode(window);
await whisper.transcribeWindows(windows, windowOptions(TOKENS_PER_WINDOW));
stages.again = rssNow();
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ model, dtype, batch, options: options ?? 'engine', seconds, stages }));
