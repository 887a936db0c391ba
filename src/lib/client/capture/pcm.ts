/** Float samples in [-1, 1] → 16-bit PCM, clipped, rounded to nearest. */
export function toInt16(sample: number): number {
	const s = sample >= 1 ? 1 : sample <= -1 ? -1 : sample;
	return Math.round(s < 0 ? s * 0x8000 : s * 0x7fff);
}

/** Interleaves equal-length channels into 16-bit PCM (channel 0 first). */
export function interleaveInt16(channels: readonly Float32Array[]): Int16Array<ArrayBuffer> {
	const n = channels[0]?.length ?? 0;
	const c = channels.length;
	const out = new Int16Array(n * c);
	for (let ch = 0; ch < c; ch++) {
		const src = channels[ch]!;
		if (src.length !== n) throw new RangeError('Channels differ in length');
		for (let i = 0; i < n; i++) out[i * c + ch] = toInt16(src[i]!);
	}
	return out;
}

/** Sample frames in a chunk of interleaved 16-bit PCM. */
export function framesOf(byteLength: number, channels: number): number {
	return byteLength / (2 * channels);
}
