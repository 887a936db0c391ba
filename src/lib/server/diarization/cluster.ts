// Agglomerative clustering of speaker embeddings with centroid linkage on cosine distance
// (pyannote 3.1's recipe): merge while the closest centroids are nearer than the threshold, then
// fold clusters too small to be a speaker into the nearest large one. A requested count
// (num/min/max speakers) cuts the same merge tree elsewhere.
import type { SpeakerCount } from './types';

/** Above this many embeddings, cluster an even subsample and assign the rest to the nearest centroid. */
const MAX_CLUSTERED = 1500;
const MAX_MIN_CLUSTER_SIZE = 12;

function normalise(v: Float32Array): Float32Array {
	let n = 0;
	for (const x of v) n += x * x;
	const s = n > 0 ? 1 / Math.sqrt(n) : 0;
	return v.map((x) => x * s);
}

export function cosineDistance(a: Float32Array, b: Float32Array): number {
	let d = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		d += a[i]! * b[i]!;
		na += a[i]! * a[i]!;
		nb += b[i]! * b[i]!;
	}
	return na > 0 && nb > 0 ? 1 - d / Math.sqrt(na * nb) : 2;
}

interface Merge {
	a: number;
	b: number;
	distance: number;
}

/** The full merge tree (n − 1 merges, in order); cluster ids are the lowest member's index. */
function mergeTree(vectors: Float32Array[]): Merge[] {
	const n = vectors.length;
	const sums = vectors.map((v) => Float32Array.from(v));
	const alive = new Uint8Array(n).fill(1);
	const dist = new Float32Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++)
			dist[i * n + j] = dist[j * n + i] = cosineDistance(sums[i]!, sums[j]!);
	const merges: Merge[] = [];
	for (let step = 1; step < n; step++) {
		let best = Infinity;
		let a = -1;
		let b = -1;
		for (let i = 0; i < n; i++) {
			if (!alive[i]) continue;
			for (let j = i + 1; j < n; j++) {
				if (alive[j] && dist[i * n + j]! < best) {
					best = dist[i * n + j]!;
					a = i;
					b = j;
				}
			}
		}
		merges.push({ a, b, distance: best });
		alive[b] = 0;
		const sa = sums[a]!;
		const sb = sums[b]!;
		for (let k = 0; k < sa.length; k++) sa[k]! += sb[k]!;
		for (let k = 0; k < n; k++)
			if (alive[k] && k !== a) dist[a * n + k] = dist[k * n + a] = cosineDistance(sa, sums[k]!);
	}
	return merges;
}

function cut(n: number, merges: Merge[], clusters: number): Int32Array {
	const parent = Int32Array.from({ length: n }, (_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
	for (const m of merges.slice(0, n - clusters)) parent[find(m.b)] = find(m.a);
	const roots = new Map<number, number>();
	return Int32Array.from({ length: n }, (_, i) => {
		const r = find(i);
		if (!roots.has(r)) roots.set(r, roots.size);
		return roots.get(r)!;
	});
}

function centroids(vectors: Float32Array[], labels: Int32Array, k: number): Float32Array[] {
	const out = Array.from({ length: k }, () => new Float32Array(vectors[0]!.length));
	vectors.forEach((v, i) => {
		const c = out[labels[i]!]!;
		for (let d = 0; d < v.length; d++) c[d]! += v[d]!;
	});
	return out;
}

function nearest(
	v: Float32Array,
	centres: Float32Array[],
	allowed: (c: number) => boolean,
): number {
	let best = -1;
	let bestD = Infinity;
	centres.forEach((c, i) => {
		const d = cosineDistance(v, c);
		if (allowed(i) && d < bestD) {
			bestD = d;
			best = i;
		}
	});
	return best;
}

/** Renumbers labels 0..k−1 in order of first appearance. */
function compact(labels: Int32Array): Int32Array {
	const map = new Map<number, number>();
	return labels.map((l) => {
		if (!map.has(l)) map.set(l, map.size);
		return map.get(l)!;
	});
}

/** Cluster labels 0..k−1 for each embedding. */
export function clusterEmbeddings(
	embeddings: Float32Array[],
	threshold: number,
	count: SpeakerCount = {},
): Int32Array {
	const all = embeddings.map(normalise);
	if (all.length === 0) return new Int32Array(0);
	const stride = Math.ceil(all.length / MAX_CLUSTERED);
	const vectors = all.filter((_, i) => i % stride === 0);
	const n = vectors.length;
	const merges = mergeTree(vectors);
	let k = count.numSpeakers ?? n - merges.filter((m) => m.distance < threshold).length;
	if (count.numSpeakers === undefined) {
		if (count.maxSpeakers !== undefined) k = Math.min(k, count.maxSpeakers);
		if (count.minSpeakers !== undefined) k = Math.max(k, count.minSpeakers);
	}
	k = Math.max(1, Math.min(n, k));
	let labels = cut(n, merges, k);

	if (count.numSpeakers === undefined && count.minSpeakers === undefined) {
		// Clusters with too few members are noise (short or mixed clips): fold them into large ones.
		const minSize = Math.min(MAX_MIN_CLUSTER_SIZE, Math.max(1, Math.round(0.1 * n)));
		const sizes = new Int32Array(k);
		for (const l of labels) sizes[l]!++;
		const large = (c: number) => sizes[c]! >= minSize;
		if ([...sizes].some((s) => s >= minSize) && [...sizes].some((s) => s < minSize)) {
			const centres = centroids(vectors, labels, k);
			labels = compact(labels.map((l, i) => (large(l) ? l : nearest(vectors[i]!, centres, large))));
		}
	}
	if (stride === 1) return labels;
	const k2 = Math.max(...labels) + 1;
	const centres = centroids(vectors, labels, k2);
	return Int32Array.from(all, (v) => nearest(v, centres, () => true));
}
