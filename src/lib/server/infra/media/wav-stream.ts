import { deinterleave } from './pcm';
import { readWavLayout, WavFormatError, type WavFormat, type WavLayout } from './wav';

const MAX_HEADER_BYTES = 1 << 20;

/**
 * Incremental WAV reader for ffmpeg's `-f wav pipe:1` output: ffmpeg cannot seek back into a
 * pipe, so the sizes stay 0xFFFFFFFF and everything after the data chunk header is PCM. Samples
 * are de-interleaved as they arrive, so the raw bytes are never held whole (peak ≈ 2× the decoded
 * float audio, while joining the parts at the end).
 */
export class WavStreamReader {
	private head: Buffer | null = Buffer.alloc(0);
	private carry: Buffer = Buffer.alloc(0);
	private format: WavFormat | null = null;
	private remaining = Infinity;
	private readonly parts: Float32Array[][] = [];

	push(chunk: Buffer): void {
		if (this.head) {
			this.head = Buffer.concat([this.head, chunk]);
			let layout: WavLayout;
			try {
				layout = readWavLayout(this.head);
			} catch (error) {
				const waiting = error instanceof WavFormatError && error.kind === 'incomplete';
				if (waiting && this.head.length < MAX_HEADER_BYTES) return;
				throw error;
			}
			this.format = layout.format;
			if (!layout.sizeFromFileLength) this.remaining = layout.dataBytes;
			chunk = this.head.subarray(layout.dataOffset);
			this.head = null;
		}
		if (!this.format || this.remaining <= 0) return;
		let bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
		if (bytes.length > this.remaining) bytes = bytes.subarray(0, this.remaining);
		const whole = bytes.length - (bytes.length % this.format.blockAlign);
		if (whole > 0) {
			this.parts.push(deinterleave(bytes.subarray(0, whole), this.format));
			this.remaining -= whole;
		}
		this.carry = Buffer.from(bytes.subarray(whole));
	}

	/** The format, or null when no complete header arrived. */
	get wavFormat(): WavFormat | null {
		return this.format;
	}

	/** All samples so far, one array per channel. */
	channels(): Float32Array[] {
		if (!this.format) return [];
		const count = this.format.channels;
		const frames = this.parts.reduce((n, part) => n + part[0]!.length, 0);
		const out = Array.from({ length: count }, () => new Float32Array(frames));
		let at = 0;
		for (const part of this.parts) {
			for (let c = 0; c < count; c++) out[c]!.set(part[c]!, at);
			at += part[0]!.length;
		}
		return out;
	}
}
