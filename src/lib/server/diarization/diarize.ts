// The pipeline over a stream of 16 kHz mono samples: windows are cut as audio arrives and
// scanned in batches, so memory holds one window of audio plus, per window, its activity
// (589 × 3 bytes) and up to three embeddings — never the whole recording.
import { clusterEmbeddings } from './cluster';
import { linkUnembedded } from './link';
import type { DiarizationModels } from './models';
import type { ScannedWindow } from './scan';
import { SAMPLE_RATE, scanBatch, WINDOW_SAMPLES } from './scan';
import { buildTurns, renumber } from './timeline';
import type { Diarization, DiarizeOptions } from './types';

/**
 * Seconds between windows. pyannote 3.1 steps 1 s; on the test conversation 2.5 s is as accurate
 * (96.7 % vs 95.7 %) at a third of the work, and 5 s misplaces a turn edge by 0.9 s
 * (docs/decisions/0015-diarization.md).
 */
export const DEFAULT_STEP_SECONDS = 2.5;
/**
 * Seconds between windows whose speakers are embedded; the windows between take their labels
 * from these by overlap (link.ts). At most a window's length, so that every frame is covered by an
 * embedded window. Embeddings were ≈ 2/3 of the time with every window embedded.
 */
export const DEFAULT_EMBED_STEP_SECONDS = 10;
/**
 * Every window is embedded in the first seconds: clustering a handful of embeddings is fragile
 * (the windows between two utterances of one voice are what links them on short audio), and
 * there the cost does not matter.
 */
export const DEFAULT_DENSE_SECONDS = 30;
const DEFAULT_BATCH = 8;

type Source = Float32Array | AsyncIterable<Float32Array> | Iterable<Float32Array>;

async function* chunksOf(source: Source): AsyncGenerator<Float32Array> {
	if (source instanceof Float32Array) yield source;
	else for await (const chunk of source) yield chunk;
}

export async function diarize(
	models: DiarizationModels,
	source: Source,
	options: DiarizeOptions = {},
): Promise<Diarization> {
	const step = Math.max(1, Math.round((options.step ?? DEFAULT_STEP_SECONDS) * SAMPLE_RATE));
	const batchSize = options.batch ?? DEFAULT_BATCH;
	const embedEvery = Math.max(
		1,
		Math.floor(
			Math.min(WINDOW_SAMPLES, (options.embedStep ?? DEFAULT_EMBED_STEP_SECONDS) * SAMPLE_RATE) /
				step,
		),
	);
	const scanned: ScannedWindow[] = [];
	let pending: { start: number; samples: Float32Array; embed: boolean }[] = [];
	const dense = (options.denseSeconds ?? DEFAULT_DENSE_SECONDS) * SAMPLE_RATE;
	let cutCount = 0;
	let buffer = new Float32Array(0);
	let bufferStart = 0;
	let next = 0;
	let total = 0;

	// The newest window stays pending until the next one is cut or the audio ends: the last
	// window is always embedded, since no later embedded window covers its end.
	const flush = async (final: boolean) => {
		const batch = final ? pending : pending.slice(0, -1);
		if (batch.length === 0) return;
		if (final) batch.at(-1)!.embed = true;
		options.signal?.throwIfAborted();
		scanned.push(...(await scanBatch(models, batch)));
		options.onProgress?.(Math.min(total, batch.at(-1)!.start + WINDOW_SAMPLES) / SAMPLE_RATE);
		pending = pending.slice(batch.length);
	};
	const cut = (start: number) => {
		const samples = new Float32Array(WINDOW_SAMPLES);
		samples.set(buffer.subarray(start - bufferStart, start - bufferStart + WINDOW_SAMPLES));
		pending.push({ start, samples, embed: start < dense || cutCount % embedEvery === 0 });
		cutCount++;
	};

	for await (const chunk of chunksOf(source)) {
		const joined = new Float32Array(buffer.length + chunk.length);
		joined.set(buffer);
		joined.set(chunk, buffer.length);
		buffer = joined;
		total += chunk.length;
		while (next + WINDOW_SAMPLES <= total) {
			cut(next);
			next += step;
		}
		// Samples before the next window's start are no longer needed.
		const drop = Math.min(buffer.length, Math.max(0, next - bufferStart));
		buffer = buffer.slice(drop);
		bufferStart += drop;
		if (pending.length > batchSize) await flush(false);
	}
	// The tail: zero-padded windows until one reaches the end (one window for short audio).
	const lastEnd = () => (pending.at(-1) ?? scanned.at(-1))?.start ?? -Infinity;
	while (total > 0 && lastEnd() + WINDOW_SAMPLES < total) {
		cut(next);
		next += step;
	}
	await flush(true);

	const refs: { window: number; speaker: number }[] = [];
	const vectors: Float32Array[] = [];
	scanned.forEach((w, window) =>
		w.embeddings.forEach((e, speaker) => {
			if (e) {
				refs.push({ window, speaker });
				vectors.push(e);
			}
		}),
	);
	const clusters = clusterEmbeddings(vectors, options.threshold ?? models.threshold, options);
	const labels = scanned.map((w) => w.embeddings.map(() => -1));
	refs.forEach((r, i) => (labels[r.window]![r.speaker] = clusters[i]!));
	linkUnembedded(
		scanned,
		scanned.map((w) => w.embedded),
		labels,
	);
	const count = clusters.length ? Math.max(...clusters) + 1 : 0;
	const { turns, speakers } = renumber(buildTurns(scanned, labels, count, total));
	return { turns, speakers, duration: total / SAMPLE_RATE };
}

/**
 * Each channel on its own (a recording's mic and tab sides, an upload's channels): speakers are
 * numbered per channel, since the same voice rarely appears on two channels of one meeting.
 */
export async function diarizeChannels(
	models: DiarizationModels,
	channels: readonly Source[],
	options: DiarizeOptions = {},
): Promise<Diarization[]> {
	const results: Diarization[] = [];
	for (const channel of channels) results.push(await diarize(models, channel, options));
	return results;
}
