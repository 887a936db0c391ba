import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

/**
 * Speech regions from per-frame speech probabilities: a port of silero-vad's
 * `get_speech_timestamps` (v5 utils_vad.py) without its max-speech splitting, which
 * `planWindows` does instead.
 */
export interface SpeechRegion {
	/** Seconds. */
	start: number;
	end: number;
}

export interface SpeechRegionOptions {
	/** Probability at or above which a frame is speech. */
	threshold?: number;
	/** Probability below which speech may end (hysteresis); default threshold − 0.15. */
	negThreshold?: number;
	/** Shorter detections are dropped. */
	minSpeechMs?: number;
	/** Silence shorter than this does not end a region. */
	minSilenceMs?: number;
	/** Added on both sides (split evenly when two regions are closer than twice this). */
	speechPadMs?: number;
}

export function speechRegions(
	probs: ArrayLike<number>,
	totalSamples: number,
	options: SpeechRegionOptions = {},
	frameSamples = 512,
	sampleRate = MODEL_SAMPLE_RATE,
): SpeechRegion[] {
	const threshold = options.threshold ?? 0.5;
	const negThreshold = options.negThreshold ?? Math.max(threshold - 0.15, 0.01);
	const minSpeech = (sampleRate * (options.minSpeechMs ?? 250)) / 1000;
	const minSilence = (sampleRate * (options.minSilenceMs ?? 500)) / 1000;
	const pad = (sampleRate * (options.speechPadMs ?? 200)) / 1000;

	const found: { start: number; end: number }[] = [];
	let start = -1; // sample where the current region began, -1 when not in speech
	let tempEnd = 0; // first silent sample of a pause that may end the region
	for (let i = 0; i < probs.length; i++) {
		const at = i * frameSamples;
		const p = probs[i]!;
		if (p >= threshold && tempEnd) tempEnd = 0;
		if (p >= threshold && start < 0) {
			start = at;
			continue;
		}
		if (p < negThreshold && start >= 0) {
			if (!tempEnd) tempEnd = at;
			if (at - tempEnd < minSilence) continue;
			if (tempEnd - start > minSpeech) found.push({ start, end: tempEnd });
			start = -1;
			tempEnd = 0;
		}
	}
	if (start >= 0 && totalSamples - start > minSpeech) found.push({ start, end: totalSamples });

	for (let i = 0; i < found.length; i++) {
		const speech = found[i]!;
		if (i === 0) speech.start = Math.max(0, speech.start - pad);
		if (i < found.length - 1) {
			const next = found[i + 1]!;
			const gap = next.start - speech.end;
			const share = gap < 2 * pad ? Math.floor(gap / 2) : pad;
			speech.end += share;
			next.start = Math.max(0, next.start - share);
		} else {
			speech.end = Math.min(totalSamples, speech.end + pad);
		}
	}
	return found.map(({ start: s, end: e }) => ({ start: s / sampleRate, end: e / sampleRate }));
}
