// From per-window local activity and cluster labels to global speaker turns, as pyannote
// reconstructs them: each global frame averages, over the windows that cover it, how many
// speakers talk (rounded) and how much each speaker talks; the frame goes to that many speakers,
// the most active first. Short pauses within a speaker's talk are bridged.
import { FRAME_CENTRE, FRAME_STEP } from './powerset';
import type { ScannedWindow } from './scan';
import { SAMPLE_RATE } from './scan';
import type { SpeakerTurn } from './types';

/** Pauses shorter than this inside one speaker's talk belong to the turn. */
const BRIDGE_SECONDS = 0.5;
/** Turns shorter than this are dropped: clicks, breaths, and flickers of the segmentation. */
const MIN_TURN_SECONDS = 0.5;

export function buildTurns(
	windows: readonly ScannedWindow[],
	labels: readonly (readonly number[])[],
	speakers: number,
	totalSamples: number,
): SpeakerTurn[] {
	const globalFrames = Math.ceil(totalSamples / FRAME_STEP) + 1;
	const score = new Float32Array(globalFrames * speakers);
	const cover = new Uint16Array(globalFrames);
	const talking = new Uint16Array(globalFrames);
	windows.forEach((w, wi) => {
		const frames = w.activity[0]!.length;
		const offset = w.start / FRAME_STEP;
		for (let i = 0; i < frames; i++) {
			if (w.start + FRAME_STEP * i + FRAME_CENTRE > totalSamples) break;
			const g = Math.round(offset + i);
			cover[g]!++;
			w.activity.forEach((row, k) => {
				if (!row[i]) return;
				talking[g]!++;
				const c = labels[wi]![k]!;
				if (c >= 0) score[g * speakers + c]! += 1;
			});
		}
	});
	const time = (g: number) => (g * FRAME_STEP + FRAME_CENTRE) / SAMPLE_RATE;
	const half = FRAME_STEP / SAMPLE_RATE / 2;
	const active = new Uint8Array(globalFrames * speakers);
	const order = Array.from({ length: speakers }, (_, c) => c);
	for (let g = 0; g < globalFrames; g++) {
		const count = cover[g] ? Math.round(talking[g]! / cover[g]!) : 0;
		if (count === 0) continue;
		const at = (c: number) => score[g * speakers + c]!;
		order.sort((a, b) => at(b) - at(a));
		for (const c of order.slice(0, count)) if (at(c) > 0) active[g * speakers + c] = 1;
	}
	const turns: SpeakerTurn[] = [];
	for (let c = 0; c < speakers; c++) {
		let open: SpeakerTurn | null = null;
		for (let g = 0; g < globalFrames; g++) {
			if (!active[g * speakers + c]) continue;
			const start = time(g) - half;
			const end = time(g) + half;
			if (open && start - open.end < BRIDGE_SECONDS) open.end = end;
			else {
				if (open) turns.push(open);
				open = { start, end, speaker: c };
			}
		}
		if (open) turns.push(open);
	}
	const duration = totalSamples / SAMPLE_RATE;
	return turns
		.map((t) => ({ ...t, start: Math.max(0, t.start), end: Math.min(duration, t.end) }))
		.filter((t) => t.end - t.start >= MIN_TURN_SECONDS)
		.sort((a, b) => a.start - b.start || a.speaker - b.speaker);
}

/** Renumbers speakers 0..k−1 in order of first appearance. */
export function renumber(turns: SpeakerTurn[]): { turns: SpeakerTurn[]; speakers: number } {
	const map = new Map<number, number>();
	for (const t of turns) if (!map.has(t.speaker)) map.set(t.speaker, map.size);
	return { turns: turns.map((t) => ({ ...t, speaker: map.get(t.speaker)! })), speakers: map.size };
}
