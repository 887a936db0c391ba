import type { SpeechRegion } from './vad-regions';

export interface PlanWindowsOptions {
	/** Whisper sees 30 s at a time. */
	maxWindowS?: number;
	/**
	 * Regions closer than this share a window when the result still fits; longer silences start
	 * a new window (fewer encoder runs vs. less silence inside a window, where Whisper may invent
	 * text). Default 3 s.
	 */
	mergeGapS?: number;
	/** Per-frame speech probabilities (from `analyzeSpeech`): long speech is cut at the least
	 * speech-like frame instead of blindly at maxWindowS. */
	probs?: ArrayLike<number>;
	/** Seconds per probability frame (512 / 16000). */
	frameS?: number;
}

const EPS = 1e-9;
const QUIET_MARGIN = 0.05;

/** Where to cut speech that starts at `start` and is longer than `max` seconds. */
function cutPoint(start: number, max: number, probs?: ArrayLike<number>, frameS = 0.032): number {
	const latest = start + max;
	if (!probs || probs.length === 0) return latest;
	// Look in the second half of the allowed span, so no piece gets very short.
	const first = Math.ceil((start + max / 2) / frameS);
	const last = Math.min(probs.length - 1, Math.floor(latest / frameS) - 1);
	let lowest = Infinity;
	for (let i = first; i <= last; i++) lowest = Math.min(lowest, probs[i]!);
	if (lowest === Infinity) return latest;
	// The latest frame that is (nearly) as unlike speech as the quietest: fewer, fuller windows.
	for (let i = last; i >= first; i--) {
		if (probs[i]! <= lowest + QUIET_MARGIN) return Math.min(latest, (i + 0.5) * frameS);
	}
	return latest;
}

/**
 * Groups speech regions into windows of at most `maxWindowS`, covering all speech: long regions
 * are split, nearby short ones merged. No speech → no windows.
 */
export function planWindows(
	speech: readonly SpeechRegion[],
	options: PlanWindowsOptions = {},
): SpeechRegion[] {
	const max = options.maxWindowS ?? 30;
	const mergeGap = options.mergeGapS ?? 3;
	if (!(max > 0)) throw new RangeError(`maxWindowS must be > 0: ${max}`);
	const sorted = speech.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
	const union: SpeechRegion[] = [];
	for (const r of sorted) {
		const last = union.at(-1);
		if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
		else union.push({ ...r });
	}

	const pieces: SpeechRegion[] = [];
	for (const region of union) {
		let start = region.start;
		while (region.end - start > max + EPS) {
			const cut = cutPoint(start, max, options.probs, options.frameS);
			pieces.push({ start, end: cut });
			start = cut;
		}
		pieces.push({ start, end: region.end });
	}

	const windows: SpeechRegion[] = [];
	for (const piece of pieces) {
		const last = windows.at(-1);
		if (last && piece.start <= last.end + mergeGap && piece.end - last.start <= max + EPS) {
			last.end = piece.end;
		} else {
			windows.push(piece);
		}
	}
	return windows;
}
