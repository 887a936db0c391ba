import type { WavFormat } from './format';

type SampleReader = (view: DataView, at: number) => number;

/** Integer scaling matches ffmpeg's s16/s24/s32 → float conversion (divide by 2^(bits-1)). */
const READERS: Record<string, SampleReader> = {
	int8: (v, at) => (v.getUint8(at) - 128) / 128,
	int16: (v, at) => v.getInt16(at, true) / 32768,
	int24: (v, at) =>
		(v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608,
	int32: (v, at) => v.getInt32(at, true) / 2147483648,
	float32: (v, at) => v.getFloat32(at, true),
	float64: (v, at) => v.getFloat64(at, true),
};

/**
 * Splits interleaved little-endian PCM into one Float32Array per channel. Trailing bytes that do
 * not make a whole frame are ignored (a stream may end mid-frame).
 */
export function deinterleave(bytes: Uint8Array, format: WavFormat): Float32Array[] {
	const { channels, blockAlign, bitsPerSample, sampleFormat } = format;
	const read = READERS[`${sampleFormat}${bitsPerSample}`]!;
	if (!read) throw new RangeError(`no reader for ${sampleFormat} ${bitsPerSample}-bit`);
	const frames = Math.floor(bytes.length / blockAlign);
	const bytesPerSample = bitsPerSample / 8;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = Array.from({ length: channels }, () => new Float32Array(frames));
	for (let c = 0; c < channels; c++) {
		const dest = out[c]!;
		let at = c * bytesPerSample;
		for (let i = 0; i < frames; i++, at += blockAlign) dest[i] = read(view, at);
	}
	return out;
}

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

/**
 * RMS of each channel, 0..1 of full scale. One strided pass per channel: every capture chunk
 * goes through this, and a `%` per sample made it twice as slow.
 */
export function channelRms(samples: Int16Array, channels: number): number[] {
	const frames = Math.floor(samples.length / channels);
	const end = frames * channels;
	const out = new Array<number>(channels);
	for (let c = 0; c < channels; c++) {
		let sum = 0;
		for (let i = c; i < end; i += channels) {
			const v = samples[i]!;
			sum += v * v;
		}
		out[c] = Math.min(1, Math.sqrt(sum / Math.max(1, frames)) / 32768);
	}
	return out;
}

/** One channel of interleaved little-endian PCM, as `deinterleave` would give it. */
export function channelOf(bytes: Uint8Array, format: WavFormat, channel: number): Float32Array {
	const { blockAlign, bitsPerSample, sampleFormat } = format;
	const read = READERS[`${sampleFormat}${bitsPerSample}`];
	if (!read) throw new RangeError(`no reader for ${sampleFormat} ${bitsPerSample}-bit`);
	const frames = Math.floor(bytes.length / blockAlign);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Float32Array(frames);
	let at = channel * (bitsPerSample / 8);
	for (let i = 0; i < frames; i++, at += blockAlign) out[i] = read(view, at);
	return out;
}
