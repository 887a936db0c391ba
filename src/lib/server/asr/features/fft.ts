/**
 * In-place complex FFT for any length, planned once and reused per frame.
 *
 * Stockham autosort (no bit reversal): each stage of radix p reads x[s_ + s*(q + m*j)] and writes
 * y[s_ + s*(p*q + k)], so the result ends in natural order. Radices 4, 2, 3 and 5 have hand-written
 * butterflies (Whisper's 200-point half-size FFT is 4·2·5·5); any other prime factor falls back to
 * a plain DFT butterfly, which is slow but correct.
 */
export interface ComplexFft {
	readonly size: number;
	/** Forward transform (e^{-2πi nk/N}) of re/im in place. */
	transform(re: Float64Array, im: Float64Array): void;
}

interface Stage {
	radix: number;
	/** Sub-transform length after this stage (n / radix). */
	m: number;
	/** Stride: product of the radices already applied. */
	s: number;
	/** Twiddles w^(q*k) for q in [0, m), k in [1, radix): index q*(radix-1) + k-1. */
	twRe: Float64Array;
	twIm: Float64Array;
}

function factorize(n: number): number[] {
	const radices: number[] = [];
	let rest = n;
	for (const p of [4, 2, 3, 5]) {
		while (rest % p === 0) {
			radices.push(p);
			rest /= p;
		}
	}
	for (let p = 7; rest > 1; p += 2) {
		while (rest % p === 0) {
			radices.push(p);
			rest /= p;
		}
	}
	return radices;
}

function planStages(n: number): Stage[] {
	const stages: Stage[] = [];
	let len = n;
	let s = 1;
	for (const radix of factorize(n)) {
		const m = len / radix;
		const twRe = new Float64Array(m * (radix - 1));
		const twIm = new Float64Array(m * (radix - 1));
		for (let q = 0; q < m; q++) {
			for (let k = 1; k < radix; k++) {
				const angle = (-2 * Math.PI * q * k) / len;
				twRe[q * (radix - 1) + k - 1] = Math.cos(angle);
				twIm[q * (radix - 1) + k - 1] = Math.sin(angle);
			}
		}
		stages.push({ radix, m, s, twRe, twIm });
		len = m;
		s *= radix;
	}
	return stages;
}

const C5_1 = Math.cos((2 * Math.PI) / 5);
const C5_2 = Math.cos((4 * Math.PI) / 5);
const S5_1 = Math.sin((2 * Math.PI) / 5);
const S5_2 = Math.sin((4 * Math.PI) / 5);
const S3 = Math.sin((2 * Math.PI) / 3);

function radix2(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) {
	const { m, s, twRe, twIm } = st;
	for (let q = 0; q < m; q++) {
		const w1r = twRe[q]!;
		const w1i = twIm[q]!;
		for (let t = 0; t < s; t++) {
			const i0 = t + s * q;
			const i1 = i0 + s * m;
			const ar = xr[i0]!;
			const ai = xi[i0]!;
			const br = xr[i1]!;
			const bi = xi[i1]!;
			const o = t + s * 2 * q;
			yr[o] = ar + br;
			yi[o] = ai + bi;
			const dr = ar - br;
			const di = ai - bi;
			yr[o + s] = dr * w1r - di * w1i;
			yi[o + s] = dr * w1i + di * w1r;
		}
	}
}

function radix3(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) {
	const { m, s, twRe, twIm } = st;
	for (let q = 0; q < m; q++) {
		const w1r = twRe[2 * q]!;
		const w1i = twIm[2 * q]!;
		const w2r = twRe[2 * q + 1]!;
		const w2i = twIm[2 * q + 1]!;
		for (let t = 0; t < s; t++) {
			const i0 = t + s * q;
			const a0r = xr[i0]!;
			const a0i = xi[i0]!;
			const a1r = xr[i0 + s * m]!;
			const a1i = xi[i0 + s * m]!;
			const a2r = xr[i0 + 2 * s * m]!;
			const a2i = xi[i0 + 2 * s * m]!;
			const br = a1r + a2r;
			const bi = a1i + a2i;
			const dr = S3 * (a1r - a2r);
			const di = S3 * (a1i - a2i);
			const rr = a0r - 0.5 * br;
			const ri = a0i - 0.5 * bi;
			const o = t + s * 3 * q;
			yr[o] = a0r + br;
			yi[o] = a0i + bi;
			// y1 = r - i·d, y2 = r + i·d
			const y1r = rr + di;
			const y1i = ri - dr;
			const y2r = rr - di;
			const y2i = ri + dr;
			yr[o + s] = y1r * w1r - y1i * w1i;
			yi[o + s] = y1r * w1i + y1i * w1r;
			yr[o + 2 * s] = y2r * w2r - y2i * w2i;
			yi[o + 2 * s] = y2r * w2i + y2i * w2r;
		}
	}
}

function radix4(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) {
	const { m, s, twRe, twIm } = st;
	const sm = s * m;
	for (let q = 0; q < m; q++) {
		const w1r = twRe[3 * q]!;
		const w1i = twIm[3 * q]!;
		const w2r = twRe[3 * q + 1]!;
		const w2i = twIm[3 * q + 1]!;
		const w3r = twRe[3 * q + 2]!;
		const w3i = twIm[3 * q + 2]!;
		for (let t = 0; t < s; t++) {
			const i0 = t + s * q;
			const a0r = xr[i0]!;
			const a0i = xi[i0]!;
			const a1r = xr[i0 + sm]!;
			const a1i = xi[i0 + sm]!;
			const a2r = xr[i0 + 2 * sm]!;
			const a2i = xi[i0 + 2 * sm]!;
			const a3r = xr[i0 + 3 * sm]!;
			const a3i = xi[i0 + 3 * sm]!;
			const t0r = a0r + a2r;
			const t0i = a0i + a2i;
			const t1r = a0r - a2r;
			const t1i = a0i - a2i;
			const t2r = a1r + a3r;
			const t2i = a1i + a3i;
			const t3r = a1r - a3r;
			const t3i = a1i - a3i;
			const o = t + s * 4 * q;
			yr[o] = t0r + t2r;
			yi[o] = t0i + t2i;
			// y1 = t1 - i·t3, y2 = t0 - t2, y3 = t1 + i·t3
			const y1r = t1r + t3i;
			const y1i = t1i - t3r;
			const y2r = t0r - t2r;
			const y2i = t0i - t2i;
			const y3r = t1r - t3i;
			const y3i = t1i + t3r;
			yr[o + s] = y1r * w1r - y1i * w1i;
			yi[o + s] = y1r * w1i + y1i * w1r;
			yr[o + 2 * s] = y2r * w2r - y2i * w2i;
			yi[o + 2 * s] = y2r * w2i + y2i * w2r;
			yr[o + 3 * s] = y3r * w3r - y3i * w3i;
			yi[o + 3 * s] = y3r * w3i + y3i * w3r;
		}
	}
}

function radix5(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array) {
	const { m, s, twRe, twIm } = st;
	const sm = s * m;
	for (let q = 0; q < m; q++) {
		const w1r = twRe[4 * q]!;
		const w1i = twIm[4 * q]!;
		const w2r = twRe[4 * q + 1]!;
		const w2i = twIm[4 * q + 1]!;
		const w3r = twRe[4 * q + 2]!;
		const w3i = twIm[4 * q + 2]!;
		const w4r = twRe[4 * q + 3]!;
		const w4i = twIm[4 * q + 3]!;
		for (let t = 0; t < s; t++) {
			const i0 = t + s * q;
			const a0r = xr[i0]!;
			const a0i = xi[i0]!;
			const a1r = xr[i0 + sm]!;
			const a1i = xi[i0 + sm]!;
			const a2r = xr[i0 + 2 * sm]!;
			const a2i = xi[i0 + 2 * sm]!;
			const a3r = xr[i0 + 3 * sm]!;
			const a3i = xi[i0 + 3 * sm]!;
			const a4r = xr[i0 + 4 * sm]!;
			const a4i = xi[i0 + 4 * sm]!;
			const b1r = a1r + a4r;
			const b1i = a1i + a4i;
			const b2r = a2r + a3r;
			const b2i = a2i + a3i;
			const d1r = a1r - a4r;
			const d1i = a1i - a4i;
			const d2r = a2r - a3r;
			const d2i = a2i - a3i;
			const r1r = a0r + C5_1 * b1r + C5_2 * b2r;
			const r1i = a0i + C5_1 * b1i + C5_2 * b2i;
			const r2r = a0r + C5_2 * b1r + C5_1 * b2r;
			const r2i = a0i + C5_2 * b1i + C5_1 * b2i;
			const e1r = S5_1 * d1r + S5_2 * d2r;
			const e1i = S5_1 * d1i + S5_2 * d2i;
			const e2r = S5_2 * d1r - S5_1 * d2r;
			const e2i = S5_2 * d1i - S5_1 * d2i;
			const o = t + s * 5 * q;
			yr[o] = a0r + b1r + b2r;
			yi[o] = a0i + b1i + b2i;
			// y1 = r1 - i·e1, y2 = r2 - i·e2, y3 = r2 + i·e2, y4 = r1 + i·e1
			const y1r = r1r + e1i;
			const y1i = r1i - e1r;
			const y2r = r2r + e2i;
			const y2i = r2i - e2r;
			const y3r = r2r - e2i;
			const y3i = r2i + e2r;
			const y4r = r1r - e1i;
			const y4i = r1i + e1r;
			yr[o + s] = y1r * w1r - y1i * w1i;
			yi[o + s] = y1r * w1i + y1i * w1r;
			yr[o + 2 * s] = y2r * w2r - y2i * w2i;
			yi[o + 2 * s] = y2r * w2i + y2i * w2r;
			yr[o + 3 * s] = y3r * w3r - y3i * w3i;
			yi[o + 3 * s] = y3r * w3i + y3i * w3r;
			yr[o + 4 * s] = y4r * w4r - y4i * w4i;
			yi[o + 4 * s] = y4r * w4i + y4i * w4r;
		}
	}
}

function radixGeneric(
	st: Stage,
	xr: Float64Array,
	xi: Float64Array,
	yr: Float64Array,
	yi: Float64Array,
) {
	const { radix: p, m, s, twRe, twIm } = st;
	const sm = s * m;
	for (let q = 0; q < m; q++) {
		for (let t = 0; t < s; t++) {
			const i0 = t + s * q;
			const o = t + s * p * q;
			for (let k = 0; k < p; k++) {
				let sr = 0;
				let si = 0;
				for (let j = 0; j < p; j++) {
					const angle = (-2 * Math.PI * ((j * k) % p)) / p;
					const c = Math.cos(angle);
					const sn = Math.sin(angle);
					const ar = xr[i0 + j * sm]!;
					const ai = xi[i0 + j * sm]!;
					sr += ar * c - ai * sn;
					si += ar * sn + ai * c;
				}
				if (k === 0) {
					yr[o] = sr;
					yi[o] = si;
				} else {
					const wr = twRe[q * (p - 1) + k - 1]!;
					const wi = twIm[q * (p - 1) + k - 1]!;
					yr[o + k * s] = sr * wr - si * wi;
					yi[o + k * s] = sr * wi + si * wr;
				}
			}
		}
	}
}

const BUTTERFLIES: Record<number, typeof radix2> = { 2: radix2, 3: radix3, 4: radix4, 5: radix5 };

export function createComplexFft(size: number): ComplexFft {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`FFT size must be ≥ 1: ${size}`);
	const stages = planStages(size);
	const butterflies = stages.map((st) => BUTTERFLIES[st.radix] ?? radixGeneric);
	// Ping-pong scratch so every stage is out-of-place (what Stockham needs).
	const scratchRe = new Float64Array(size);
	const scratchIm = new Float64Array(size);
	return {
		size,
		transform(re, im) {
			let xr: Float64Array = re;
			let xi: Float64Array = im;
			let yr: Float64Array = scratchRe;
			let yi: Float64Array = scratchIm;
			for (let i = 0; i < stages.length; i++) {
				butterflies[i]!(stages[i]!, xr, xi, yr, yi);
				const tr = xr;
				const ti = xi;
				xr = yr;
				xi = yi;
				yr = tr;
				yi = ti;
			}
			if (xr !== re) {
				re.set(xr);
				im.set(xi);
			}
		},
	};
}
