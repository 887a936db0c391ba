import type { FrameHistory } from './frame-history';

/**
 * Speech from the tab played through speakers reaches the microphone too: the same words show
 * up on both channels at once. An utterance is bleed when most of its speech frames are speech
 * on the other channel as well and, over those shared frames, the other channel is louder (the
 * same rule as the file pipeline's removeBleed in asr/plan.ts, applied per utterance).
 */
export function isBleed(
	own: FrameHistory,
	other: FrameHistory,
	fromFrame: number,
	toFrame: number,
): boolean {
	let ownSpeech = 0;
	let shared = 0;
	for (let f = fromFrame; f < toFrame; f++) {
		if (!own.isSpeech(f)) continue;
		ownSpeech++;
		if (other.isSpeech(f)) shared++;
	}
	if (!ownSpeech || shared / ownSpeech < 0.5) return false;
	const both = (f: number) => own.isSpeech(f) && other.isSpeech(f);
	return own.rms(fromFrame, toFrame, both) < other.rms(fromFrame, toFrame, both);
}
