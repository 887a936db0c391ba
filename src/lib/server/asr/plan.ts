import { arrayTrack, type Track } from '../infra/media/audio-source';
import { analyzeSpeech, planWindows, VAD_FRAME_SECONDS, type SpeechAnalysis } from './vad';
import { MODEL_SAMPLE_RATE } from '../../contracts/audio-format';

export interface Region {
	start: number;
	end: number;
}

export interface PlannedWindow extends Region {
	/** Source channel for multi-channel recordings; null for a mono mix. */
	channel: number | null;
}

const SAMPLE_RATE = MODEL_SAMPLE_RATE;
/** Samples read at a time for a region's level (10 s), however long the region. */
const RMS_PIECE = 10 * SAMPLE_RATE;

const toTrack = (audio: Float32Array | Track): Track =>
	audio instanceof Float32Array ? arrayTrack(audio) : audio;

function rms(track: Track, r: Region): number {
	const a = Math.floor(r.start * SAMPLE_RATE);
	const b = Math.min(track.length, Math.ceil(r.end * SAMPLE_RATE));
	let sum = 0;
	for (let at = a; at < b; at += RMS_PIECE) {
		const piece = track.read(at, Math.min(b, at + RMS_PIECE));
		for (let i = 0; i < piece.length; i++) sum += piece[i]! * piece[i]!;
	}
	return b > a ? Math.sqrt(sum / (b - a)) : 0;
}

function overlap(a: Region, b: Region): Region | undefined {
	const start = Math.max(a.start, b.start);
	const end = Math.min(a.end, b.end);
	return end > start ? { start, end } : undefined;
}

/** Removes `cut` from `r`, returning what is left (0, 1 or 2 pieces). */
function subtract(r: Region, cut: Region): Region[] {
	const left = { start: r.start, end: Math.min(r.end, cut.start) };
	const right = { start: Math.max(r.start, cut.end), end: r.end };
	return [left, right].filter((x) => x.end - x.start > 0.05);
}

/**
 * Speakers' audio bleeding into the microphone shows up as "speech" on both channels at once.
 * Where the two overlap, the louder channel keeps the speech and the quieter one loses it.
 */
export function removeBleed(
	mic: Region[],
	tab: Region[],
	micAudio: Float32Array | Track,
	tabAudio: Float32Array | Track,
) {
	const quieter = (regions: Region[], own: Track, other: Region[], otherAudio: Track) =>
		regions.flatMap((r) => {
			let pieces = [r];
			for (const o of other) {
				const ov = overlap(r, o);
				if (ov && rms(own, ov) < rms(otherAudio, ov))
					pieces = pieces.flatMap((p) => subtract(p, ov));
			}
			return pieces;
		});
	return {
		mic: quieter(mic, toTrack(micAudio), tab, toTrack(tabAudio)),
		tab: quieter(tab, toTrack(tabAudio), mic, toTrack(micAudio)),
	};
}

/** Fixed 30 s windows over everything, for when VAD is switched off. */
function fullWindows(durationS: number, maxS: number): Region[] {
	const out: Region[] = [];
	for (let t = 0; t < durationS; t += maxS)
		out.push({ start: t, end: Math.min(durationS, t + maxS) });
	return out;
}

export interface PlanOptions {
	disableVad?: boolean;
	maxWindowS?: number;
	signal?: AbortSignal;
}

/**
 * Decides what to decode: speech regions per track (Silero VAD), merged into windows of at most
 * 30 s. Silence is never sent to Whisper, which would invent text over it.
 */
export async function planTracks(
	audio: readonly (Float32Array | Track)[],
	multiChannel: boolean,
	opts: PlanOptions = {},
) {
	const maxS = opts.maxWindowS ?? 30;
	const tracks = audio.map(toTrack);
	if (opts.disableVad) {
		return tracks.flatMap((t, ch) =>
			fullWindows(t.length / SAMPLE_RATE, maxS).map((w) => ({
				...w,
				channel: multiChannel ? ch : null,
			})),
		);
	}
	const analyses: SpeechAnalysis[] = [];
	for (const t of tracks) analyses.push(await analyzeSpeech(t, { signal: opts.signal }));
	let regions = analyses.map((a) => a.regions as Region[]);
	if (multiChannel && tracks.length === 2) {
		const cleaned = removeBleed(regions[0]!, regions[1]!, tracks[0]!, tracks[1]!);
		regions = [cleaned.mic, cleaned.tab];
	}
	const windows: PlannedWindow[] = regions.flatMap((r, ch) =>
		planWindows(r, { maxWindowS: maxS, probs: analyses[ch]!.probs, frameS: VAD_FRAME_SECONDS }).map(
			(w) => ({ start: w.start, end: w.end, channel: multiChannel ? ch : null }),
		),
	);
	return windows.sort((a, b) => a.start - b.start || (a.channel ?? 0) - (b.channel ?? 0));
}
