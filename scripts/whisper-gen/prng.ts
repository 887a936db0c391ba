// Seeded PRNG (sfc32, seeded through splitmix32). Integer arithmetic only, so
// every platform produces the same stream and the generated files are
// byte-identical run to run.

function splitmix32(state: number): () => number {
	let s = state >>> 0;
	return () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
		return (z ^ (z >>> 16)) >>> 0;
	};
}

/** FNV-1a: derives an independent stream per tensor name. */
function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

export function createRng(seed: number, stream: string): () => number {
	const init = splitmix32(seed ^ hashString(stream));
	let a = init();
	let b = init();
	let c = init();
	let d = init();
	return () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
}

/**
 * Uniform values with the given standard deviation (a uniform distribution
 * keeps the maths exact; the shape of the distribution does not matter here).
 */
export function uniformArray(
	seed: number,
	stream: string,
	size: number,
	std: number,
): Float32Array {
	const next = createRng(seed, stream);
	const halfWidth = std * Math.sqrt(3);
	const out = new Float32Array(size);
	for (let i = 0; i < size; i++) out[i] = ((next() / 0x100000000) * 2 - 1) * halfWidth;
	return out;
}
