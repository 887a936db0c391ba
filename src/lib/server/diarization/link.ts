// Windows without embeddings take their local speakers' clusters from the embedded windows that
// overlap them: each local speaker goes to the cluster whose frames coincide most with its own
// (distinct local speakers of one window to distinct clusters, greedily by overlap). Embedding
// only every few windows is where the pipeline's time goes (docs/diarization.md, Speed).
import { FRAME_STEP } from './powerset';
import type { ScannedWindow } from './scan';
import { WINDOW_SAMPLES } from './scan';

/** Co-activity of local speaker k of `w` with each cluster of the embedded window `e`. */
function addOverlap(
	w: ScannedWindow,
	e: ScannedWindow,
	eLabels: readonly number[],
	scores: Map<number, number>[],
): void {
	const shift = Math.round((w.start - e.start) / FRAME_STEP);
	const frames = w.activity[0]!.length;
	w.activity.forEach((row, k) => {
		eLabels.forEach((cluster, j) => {
			if (cluster < 0) return;
			const other = e.activity[j]!;
			let n = 0;
			for (let i = Math.max(0, -shift); i < frames && i + shift < other.length; i++)
				if (row[i] && other[i + shift]) n++;
			if (n > 0) scores[k]!.set(cluster, (scores[k]!.get(cluster) ?? 0) + n);
		});
	});
}

/**
 * Fills labels[w] for the windows whose embeddings were not computed (`embedded[w]` false),
 * from the labels of the embedded windows that overlap them. −1 where nothing overlaps.
 */
export function linkUnembedded(
	windows: readonly ScannedWindow[],
	embedded: readonly boolean[],
	labels: number[][],
): void {
	const anchors = windows.flatMap((w, i) => (embedded[i] ? [i] : []));
	windows.forEach((w, wi) => {
		if (embedded[wi]) return;
		const scores = w.activity.map(() => new Map<number, number>());
		for (const ei of anchors) {
			const e = windows[ei]!;
			if (Math.abs(e.start - w.start) < WINDOW_SAMPLES) addOverlap(w, e, labels[ei]!, scores);
		}
		const pairs = scores
			.flatMap((m, k) => [...m].map(([cluster, n]) => ({ k, cluster, n })))
			.sort((a, b) => b.n - a.n || a.k - b.k || a.cluster - b.cluster);
		const row = w.activity.map(() => -1);
		const taken = new Set<number>();
		for (const p of pairs) {
			if (row[p.k] !== -1 || taken.has(p.cluster)) continue;
			row[p.k] = p.cluster;
			taken.add(p.cluster);
		}
		labels[wi] = row;
	});
}
