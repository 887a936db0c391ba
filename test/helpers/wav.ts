import fs from 'node:fs';

export interface ParsedWav {
	riffSize: number;
	format: number;
	channels: number;
	sampleRate: number;
	byteRate: number;
	blockAlign: number;
	bitsPerSample: number;
	dataSize: number;
	data: Buffer;
	fileSize: number;
}

/** Reads a canonical 44-byte-header PCM WAV, checking the chunk ids. */
export function readWav(file: string): ParsedWav {
	const buf = fs.readFileSync(file);
	if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
		throw new Error('not a RIFF/WAVE file');
	}
	if (buf.toString('ascii', 12, 16) !== 'fmt ' || buf.toString('ascii', 36, 40) !== 'data') {
		throw new Error('not a canonical 44-byte header');
	}
	return {
		riffSize: buf.readUInt32LE(4),
		format: buf.readUInt16LE(20),
		channels: buf.readUInt16LE(22),
		sampleRate: buf.readUInt32LE(24),
		byteRate: buf.readUInt32LE(28),
		blockAlign: buf.readUInt16LE(32),
		bitsPerSample: buf.readUInt16LE(34),
		dataSize: buf.readUInt32LE(40),
		data: buf.subarray(44),
		fileSize: buf.length,
	};
}

/**
 * A known interleaved 16-bit signal: channel 0 a 440 Hz tone, channel 1 a seeded pseudo-random
 * sequence, so any misplaced or missing sample shows.
 */
export function testSignal(frames: number, channels: 1 | 2, seed = 1): Buffer {
	const out = Buffer.alloc(frames * channels * 2);
	let x = seed >>> 0;
	for (let i = 0; i < frames; i++) {
		out.writeInt16LE(
			Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / 16000)),
			i * channels * 2,
		);
		if (channels === 2) {
			x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
			out.writeInt16LE((x >>> 16) - 32768, i * 4 + 2);
		}
	}
	return out;
}

export interface PcmChunk {
	seq: number;
	sample_index: number;
	pcm: Buffer;
}

/** Splits interleaved PCM into chunks of `frames` frames. */
export function chunk(pcm: Buffer, channels: number, frames: number): PcmChunk[] {
	const bytes = frames * channels * 2;
	const out: PcmChunk[] = [];
	for (let at = 0, seq = 0; at < pcm.length; at += bytes, seq++) {
		out.push({ seq, sample_index: at / (channels * 2), pcm: pcm.subarray(at, at + bytes) });
	}
	return out;
}
