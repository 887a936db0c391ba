// Scoring of a diarization against the truth, at 10 ms resolution.
import type { SpeakerTurn } from '../../../src/lib/server/diarization';
import type { Turn } from './voices';

const TICK = 0.01;

function permutations(n: number): number[][] {
	if (n === 0) return [[]];
	return permutations(n - 1).flatMap((p) =>
		Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
	);
}

/** Best one-to-one mapping truth speaker → hypothesis speaker (−1: none), by overlap. */
export function bestMapping(
	truth: readonly Turn[],
	hyp: readonly SpeakerTurn[],
): Map<string, number> {
	const names = [...new Set(truth.map((t) => t.speaker))];
	const ids = [...new Set(hyp.map((t) => t.speaker))];
	const overlap = (name: string, id: number) => {
		let sum = 0;
		for (const a of truth)
			if (a.speaker === name)
				for (const b of hyp)
					if (b.speaker === id)
						sum += Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
		return sum;
	};
	const slots = Math.max(names.length, ids.length);
	let best = -1;
	let bestMap = new Map<string, number>();
	for (const p of permutations(slots)) {
		const map = new Map(names.map((n, i) => [n, p[i]! < ids.length ? ids[p[i]!]! : -1]));
		const score = names.reduce((s, n) => s + (map.get(n)! >= 0 ? overlap(n, map.get(n)!) : 0), 0);
		if (score > best) {
			best = score;
			bestMap = map;
		}
	}
	return bestMap;
}

/** Fraction of the truth's speech time (outside a collar around its boundaries) labelled right. */
export function labelledCorrectly(
	truth: readonly Turn[],
	hyp: readonly SpeakerTurn[],
	collar = 0.25,
): number {
	const map = bestMapping(truth, hyp);
	let right = 0;
	let all = 0;
	for (const t of truth) {
		for (let x = t.start + collar; x < t.end - collar; x += TICK) {
			all++;
			const id = map.get(t.speaker);
			const speaking = hyp.filter((h) => x >= h.start && x < h.end).map((h) => h.speaker);
			if (speaking.length === 1 && speaking[0] === id) right++;
		}
	}
	return right / all;
}

/**
 * For each true turn, how far its edges are from the nearest edges of the mapped speaker's turns:
 * max(|start − nearest start|, |end − nearest end|). A turn split inside (a flicker) still counts.
 */
export function turnErrors(truth: readonly Turn[], hyp: readonly SpeakerTurn[]): number[] {
	const map = bestMapping(truth, hyp);
	return truth.map((t) => {
		const mine = hyp.filter((h) => h.speaker === map.get(t.speaker));
		const near = (edges: number[], x: number) => Math.min(...edges.map((e) => Math.abs(e - x)));
		return Math.max(
			near(
				mine.map((h) => h.start),
				t.start,
			),
			near(
				mine.map((h) => h.end),
				t.end,
			),
		);
	});
}
