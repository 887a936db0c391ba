import { open } from 'node:fs/promises';
import { UnsupportedMediaError } from './errors';

/**
 * The containers ffmpeg may open for us, told apart by their first bytes, before ffmpeg sees the
 * file. ffmpeg is then told which demuxer to use (`-f`), so a file cannot choose one itself:
 * playlists (HLS), concat lists and other formats that name further files or URLs are never
 * parsed, whatever their extension or content (issue 16: an `.m3u8` naming
 * `file:///any/path.wav` made ffmpeg read that file into the library).
 */
export type Container =
	| 'wav'
	| 'w64'
	| 'flac'
	| 'ogg'
	| 'mp3'
	| 'aac'
	| 'mov'
	| 'matroska'
	| 'asf'
	| 'avi'
	| 'aiff'
	| 'caf'
	| 'amr'
	| 'flv'
	| 'mpegts'
	| 'mpeg'
	| 'wv'
	| 'ape'
	| 'au'
	| 'ac3'
	| 'dts';

const HEAD_BYTES = 4096;

const ascii = (b: Buffer, at: number, text: string) =>
	b.length >= at + text.length && b.toString('latin1', at, at + text.length) === text;

/** MPEG audio frame header: 11 sync bits, a valid version/layer, bitrate and sample rate. */
function isMpegAudioFrame(b: Buffer, at: number): boolean {
	if (b.length < at + 4 || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return false;
	const version = (b[at + 1]! >> 3) & 3;
	const layer = (b[at + 1]! >> 1) & 3;
	const bitrate = b[at + 2]! >> 4;
	const rate = (b[at + 2]! >> 2) & 3;
	return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** ADTS (raw AAC): 12 sync bits and layer 0. */
const isAdts = (b: Buffer, at: number) =>
	b.length >= at + 2 && b[at] === 0xff && (b[at + 1]! & 0xf6) === 0xf0;

/** The container of a file from its first bytes, or null for anything not on the list. */
export function sniffContainer(b: Buffer): Container | null {
	if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'wav';
	if ((ascii(b, 0, 'RF64') || ascii(b, 0, 'BW64')) && ascii(b, 8, 'WAVE')) return 'wav';
	if (ascii(b, 0, 'riff') && b.length >= 16) return 'w64';
	if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return 'avi';
	if (ascii(b, 0, 'fLaC')) return 'flac';
	if (ascii(b, 0, 'OggS')) return 'ogg';
	if (ascii(b, 4, 'ftyp') || ascii(b, 4, 'moov') || ascii(b, 4, 'mdat') || ascii(b, 4, 'wide'))
		return 'mov';
	if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
	if (b.length >= 16 && b.toString('hex', 0, 16) === '3026b2758e66cf11a6d900aa0062ce6c')
		return 'asf';
	if (ascii(b, 0, 'FORM') && (ascii(b, 8, 'AIFF') || ascii(b, 8, 'AIFC'))) return 'aiff';
	if (ascii(b, 0, 'caff')) return 'caf';
	if (ascii(b, 0, '#!AMR')) return 'amr';
	if (ascii(b, 0, 'FLV')) return 'flv';
	if (ascii(b, 0, 'wvpk')) return 'wv';
	if (ascii(b, 0, 'MAC ')) return 'ape';
	if (ascii(b, 0, '.snd')) return 'au';
	if (b.length >= 4 && b.readUInt32BE(0) === 0x000001ba) return 'mpeg';
	if (b.length >= 4 && b.readUInt32BE(0) === 0x7ffe8001) return 'dts';
	if (b.length >= 2 && b[0] === 0x0b && b[1] === 0x77) return 'ac3';
	if (b.length >= 189 * 2 && b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47) return 'mpegts';
	if (ascii(b, 0, 'ID3') || isMpegAudioFrame(b, 0)) return isAdts(b, 0) ? 'aac' : 'mp3';
	if (isAdts(b, 0)) return 'aac';
	return null;
}

/** Reads the head of a file and names its container, or refuses it with 415. */
export async function containerOf(path: string): Promise<Container> {
	const file = await open(path, 'r');
	let head: Buffer;
	try {
		const buffer = Buffer.alloc(HEAD_BYTES);
		const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
		head = buffer.subarray(0, bytesRead);
	} finally {
		await file.close();
	}
	return knownContainer(head);
}

/** The container named by a head already read, or a 415 refusal. */
export function knownContainer(head: Buffer): Container {
	const container = sniffContainer(head);
	if (!container) {
		throw new UnsupportedMediaError(
			'invalid data: not an audio or video container this server reads (playlists and file lists are refused)',
		);
	}
	return container;
}

/**
 * ffmpeg's input arguments for an untrusted file: its demuxer forced, and only the file itself
 * readable (no network, no other protocols).
 */
export async function safeInputArgs(path: string, head?: Buffer): Promise<string[]> {
	const container = head ? knownContainer(head) : await containerOf(path);
	return ['-protocol_whitelist', 'file,pipe', '-f', container, '-i', path];
}
