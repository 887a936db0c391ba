/**
 * Interleaved 16-bit PCM bytes as samples. Zero-copy when the bytes sit at an even offset;
 * the platform's byte order is used, which is little-endian everywhere Node runs us.
 */
export function int16View(bytes: Uint8Array): Int16Array {
	if (bytes.byteOffset % 2 === 0) {
		return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
	}
	// Copied through a fresh Uint8Array: Buffer#slice would return a view at the same odd offset.
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return new Int16Array(copy.buffer, 0, bytes.byteLength >> 1);
}

/** RMS of each channel, 0..1 of full scale. */
export function channelRms(samples: Int16Array, channels: number): number[] {
	const sums = new Float64Array(channels);
	for (let i = 0; i < samples.length; i++) {
		const v = samples[i]!;
		sums[i % channels]! += v * v;
	}
	const frames = Math.max(1, Math.floor(samples.length / channels));
	return Array.from(sums, (s) => Math.min(1, Math.sqrt(s / frames) / 32768));
}
