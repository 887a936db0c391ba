/**
 * Random access to 16 kHz audio, so that a transcription holds a window of it rather than the
 * whole file (docs/decisions/0016-streamed-audio.md). A source is either arrays already in memory
 * (live clips, tests) or interleaved PCM in a file: one of our recordings read where it lies, or
 * the scratch file a decode streamed into.
 */
import fs from 'node:fs';
import type { WavFormat } from './format';
import { channelOf, deinterleave } from './pcm';

/** One track of 16 kHz samples. */
export interface Track {
	readonly length: number;
	/** Samples [start, end), clipped to the track; the caller may keep the array. */
	read(start: number, end: number): Float32Array;
}

export interface AudioSource {
	readonly channels: number;
	/** Samples per channel. */
	readonly frames: number;
	track(channel: number): Track;
	/** The average of all channels (the track of a file transcribed as one mix). */
	mix(): Track;
	close(): void;
}

/** Where interleaved 16 kHz PCM lies in a file: plain data, so it crosses to a worker thread. */
export interface PcmFile {
	path: string;
	dataOffset: number;
	frames: number;
	format: WavFormat;
}

/**
 * The mono mix of channel pieces with downmixToMono's arithmetic (one float32 rounding per
 * channel added), so a mix read in pieces equals the whole mix sample for sample.
 */
export function mixPieces(pieces: readonly Float32Array[]): Float32Array {
	if (pieces.length === 1) return pieces[0]!;
	const length = Math.min(...pieces.map((p) => p.length));
	const out = new Float32Array(length);
	const gain = 1 / pieces.length;
	for (const piece of pieces) {
		for (let i = 0; i < length; i++) out[i] = out[i]! + piece[i]! * gain;
	}
	return out;
}

/** A whole array as a track (views, no copies). */
export function arrayTrack(samples: Float32Array): Track {
	return {
		length: samples.length,
		read: (start, end) => samples.subarray(Math.max(0, start), Math.min(samples.length, end)),
	};
}

export function arraySource(channels: readonly Float32Array[]): AudioSource {
	const frames = channels.length ? Math.min(...channels.map((c) => c.length)) : 0;
	return {
		channels: channels.length,
		frames,
		track: (c) => arrayTrack(channels[c]!),
		mix: () => ({
			length: frames,
			read: (start, end) => {
				const a = Math.max(0, start);
				const b = Math.min(frames, end);
				return mixPieces(channels.map((c) => c.subarray(a, b)));
			},
		}),
		close: () => {},
	};
}

/** Reads frames of a PCM file on demand; nothing is held between reads. */
export function openPcmFile(file: PcmFile): AudioSource {
	const fd = fs.openSync(file.path, 'r');
	const { format, frames, dataOffset } = file;
	const bytesOf = (start: number, end: number): Uint8Array => {
		const a = Math.max(0, start);
		const b = Math.min(frames, end);
		const bytes = Buffer.alloc(Math.max(0, b - a) * format.blockAlign);
		let done = 0;
		while (done < bytes.length) {
			const n = fs.readSync(
				fd,
				bytes,
				done,
				bytes.length - done,
				dataOffset + a * format.blockAlign + done,
			);
			if (n === 0) break; // the file shrank: the rest reads as silence
			done += n;
		}
		return bytes;
	};
	return {
		channels: format.channels,
		frames,
		track: (c) => ({
			length: frames,
			read: (start, end) => channelOf(bytesOf(start, end), format, c),
		}),
		mix: () => ({
			length: frames,
			read: (start, end) => mixPieces(deinterleave(bytesOf(start, end), format)),
		}),
		close: () => fs.closeSync(fd),
	};
}

/** A track in consecutive pieces of about `chunk` samples (for readers that take streams). */
export function* trackChunks(track: Track, chunk = 10 * 16_000): Generator<Float32Array> {
	for (let at = 0; at < track.length; at += chunk) yield track.read(at, at + chunk);
}
