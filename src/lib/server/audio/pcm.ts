import type { WavFormat } from './wav';

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
