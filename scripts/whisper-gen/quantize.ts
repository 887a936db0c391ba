// Weight quantisers for the q8 (MatMulInteger) and q4 (MatMulNBits) variants.

export interface Q8 {
	data: Uint8Array;
	scale: number;
	zeroPoint: number;
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/** Per-tensor asymmetric uint8 (ORT's CPU MatMulInteger takes uint8 × uint8). */
export function quantizeQ8(w: Float32Array): Q8 {
	const [min, max] = range(w);
	const scale = (max - min) / 255 || 1;
	const zeroPoint = clamp(Math.round(-min / scale), 255);
	const data = new Uint8Array(w.length);
	w.forEach((v, i) => (data[i] = clamp(Math.round(v / scale) + zeroPoint, 255)));
	return { data, scale: Math.fround(scale), zeroPoint };
}

/** [min, max] of the values and 0, so that 0 is exactly representable. */
function range(values: Iterable<number>): [number, number] {
	let min = 0;
	let max = 0;
	for (const v of values) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	return [min, max];
}

/** Packs 4-bit values two per byte, low nibble first, starting at out[offset]. */
function packNibbles(values: Iterable<number>, out: Uint8Array, offset: number): void {
	let index = offset;
	let low: number | null = null;
	for (const v of values) {
		if (low === null) low = v;
		else {
			out[index++] = low | (v << 4);
			low = null;
		}
	}
	if (low !== null) out[index] = low;
}

export const Q4_BLOCK = 32;

export interface Q4 {
	/** [N, K/32, 16]: two 4-bit values per byte, low nibble first. */
	data: Uint8Array;
	/** [N * K/32] */
	scales: Float32Array;
	/** [N * ceil((K/32)/2)]: packed 4-bit zero points. */
	zeroPoints: Uint8Array;
}

/** MatMulNBits layout for a [K, N] MatMul weight: blocks of 32 along K per output column. */
export function quantizeQ4(w: Float32Array, k: number, n: number): Q4 {
	const blocks = k / Q4_BLOCK;
	const zeroPointStride = Math.ceil(blocks / 2);
	const data = new Uint8Array((n * k) / 2);
	const scales = new Float32Array(n * blocks);
	const zeroPoints = new Uint8Array(n * zeroPointStride);
	// Column-major copy, so that each output column's blocks are contiguous.
	const columns = new Float32Array(w.length);
	w.forEach((v, i) => (columns[(i % n) * k + Math.floor(i / n)] = v));
	for (let col = 0; col < n; col++) {
		const columnZeroPoints = new Uint8Array(blocks);
		for (let b = 0; b < blocks; b++) {
			const start = col * k + b * Q4_BLOCK;
			const block = columns.subarray(start, start + Q4_BLOCK);
			const [min, max] = range(block);
			const scale = (max - min) / 15 || 1;
			const zeroPoint = clamp(Math.round(-min / scale), 15);
			scales[col * blocks + b] = scale;
			columnZeroPoints[b] = zeroPoint;
			const values = Array.from(block, (v) => clamp(Math.round(v / scale) + zeroPoint, 15));
			packNibbles(values, data, start / 2);
		}
		packNibbles(columnZeroPoints, zeroPoints, col * zeroPointStride);
	}
	return { data, scales, zeroPoints };
}
