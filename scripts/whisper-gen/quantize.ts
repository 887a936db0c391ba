// Weight quantisers for the q8 (MatMulInteger) and q4 (MatMulNBits) variants.

export interface Q8 {
  data: Uint8Array;
  scale: number;
  zeroPoint: number;
}

/** Per-tensor asymmetric uint8 (ORT's CPU MatMulInteger takes uint8 × uint8). */
export function quantizeQ8(w: Float32Array): Q8 {
  let min = 0;
  let max = 0;
  for (const v of w) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = (max - min) / 255 || 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-min / scale)));
  const data = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    data[i] = Math.min(255, Math.max(0, Math.round(w[i] / scale) + zeroPoint));
  }
  return { data, scale: Math.fround(scale), zeroPoint };
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
  const zpStride = Math.ceil(blocks / 2);
  const data = new Uint8Array(n * blocks * (Q4_BLOCK / 2));
  const scales = new Float32Array(n * blocks);
  const zeroPoints = new Uint8Array(n * zpStride);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocks; b++) {
      let min = 0;
      let max = 0;
      for (let j = 0; j < Q4_BLOCK; j++) {
        const v = w[(b * Q4_BLOCK + j) * n + col];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const scale = (max - min) / 15 || 1;
      const zp = Math.min(15, Math.max(0, Math.round(-min / scale)));
      scales[col * blocks + b] = scale;
      zeroPoints[col * zpStride + (b >> 1)] |= zp << ((b & 1) * 4);
      const base = (col * blocks + b) * (Q4_BLOCK / 2);
      for (let j = 0; j < Q4_BLOCK; j++) {
        const q = Math.min(
          15,
          Math.max(0, Math.round(w[(b * Q4_BLOCK + j) * n + col] / scale) + zp),
        );
        data[base + (j >> 1)] |= q << ((j & 1) * 4);
      }
    }
  }
  return { data, scales, zeroPoints };
}
