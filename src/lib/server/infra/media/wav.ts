/**
 * WAV (RIFF/RF64) reading and the 16-bit PCM header our recorder writes.
 * Reads PCM 8/16/24/32-bit int and 32/64-bit float, any channel count, WAVE_FORMAT_EXTENSIBLE,
 * skips unknown chunks, and recovers files whose header was never finalised (data size 0 or
 * 0xFFFFFFFF, as after a crash or when written to a pipe) by taking the data to the end of file.
 */
import type { WavFormat } from './format';
import { deinterleave } from './pcm';

export type { SampleFormat, WavFormat } from './format';

export interface WavLayout {
	format: WavFormat;
	dataOffset: number;
	/** Whole frames only. */
	dataBytes: number;
	/** True when the header's data size was missing or wrong and the file length was used. */
	sizeFromFileLength: boolean;
	/** The data size the header gives (ds64's for RF64); null when 0 or 0xFFFFFFFF (unknown). */
	declaredBytes: number | null;
}

export interface WavAudio {
	sampleRate: number;
	/** One array per channel, samples in [-1, 1). */
	channels: Float32Array[];
	format: WavFormat;
	sizeFromFileLength: boolean;
}

export type WavErrorKind = 'not-wav' | 'incomplete' | 'unsupported' | 'corrupt';

export class WavFormatError extends Error {
	readonly code = 'WAV_FORMAT';
	constructor(
		message: string,
		readonly kind: WavErrorKind,
	) {
		super(message);
		this.name = 'WavFormatError';
	}
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
const UNKNOWN_SIZE = 0xffffffff;

function tag(bytes: Uint8Array, at: number): string {
	return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

export function isWav(bytes: Uint8Array): boolean {
	if (bytes.length < 12) return false;
	const riff = tag(bytes, 0);
	return (riff === 'RIFF' || riff === 'RF64') && tag(bytes, 8) === 'WAVE';
}

function parseFmt(view: DataView, at: number, size: number): WavFormat {
	if (size < 16) throw new WavFormatError('fmt chunk too short', 'corrupt');
	let formatTag = view.getUint16(at, true);
	const channels = view.getUint16(at + 2, true);
	const sampleRate = view.getUint32(at + 4, true);
	const bitsPerSample = view.getUint16(at + 14, true);
	if (formatTag === FORMAT_EXTENSIBLE) {
		// The real format is the first two bytes of the SubFormat GUID.
		if (size < 40) throw new WavFormatError('extensible fmt chunk too short', 'corrupt');
		formatTag = view.getUint16(at + 24, true);
	}
	if (channels < 1 || sampleRate < 1) {
		throw new WavFormatError(`invalid fmt: ${channels} channels at ${sampleRate} Hz`, 'corrupt');
	}
	const supported =
		(formatTag === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) ||
		(formatTag === FORMAT_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64));
	if (!supported) {
		const hex = formatTag.toString(16).padStart(4, '0');
		throw new WavFormatError(
			`unsupported WAV encoding 0x${hex} at ${bitsPerSample} bits`,
			'unsupported',
		);
	}
	return {
		sampleFormat: formatTag === FORMAT_FLOAT ? 'float' : 'int',
		bitsPerSample,
		channels,
		sampleRate,
		// Some writers get nBlockAlign wrong; the frame size follows from the format itself.
		blockAlign: channels * (bitsPerSample / 8),
	};
}

/**
 * Finds the format and the PCM data in `bytes` (a whole file, or the start of a stream). Throws a
 * WavFormatError of kind 'incomplete' when the bytes end before the data chunk starts.
 */
export function readWavLayout(bytes: Uint8Array): WavLayout {
	if (bytes.length < 12) throw new WavFormatError('WAV header truncated', 'incomplete');
	if (!isWav(bytes)) throw new WavFormatError('not a RIFF/WAVE file', 'not-wav');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const rf64 = tag(bytes, 0) === 'RF64';
	let format: WavFormat | null = null;
	let ds64DataSize: number | null = null;
	let pos = 12;
	while (pos + 8 <= bytes.length) {
		const id = tag(bytes, pos);
		const size = view.getUint32(pos + 4, true);
		const body = pos + 8;
		if (id === 'data') {
			if (!format) throw new WavFormatError('data chunk before fmt chunk', 'corrupt');
			let declared: number | null = size;
			if (rf64 && size === UNKNOWN_SIZE) declared = ds64DataSize;
			if (declared === 0 || declared === UNKNOWN_SIZE) declared = null;
			const available = bytes.length - body;
			const fromFile = declared === null || declared > available;
			const raw = fromFile ? available : (declared ?? available);
			return {
				format,
				dataOffset: body,
				dataBytes: raw - (raw % format.blockAlign),
				sizeFromFileLength: fromFile,
				declaredBytes: declared,
			};
		}
		if (body + size > bytes.length) {
			throw new WavFormatError(`chunk '${id}' runs past the end of the data`, 'incomplete');
		}
		if (id === 'fmt ') format = parseFmt(view, body, size);
		if (id === 'ds64' && size >= 16) {
			ds64DataSize = Number(view.getBigUint64(body + 8, true));
		}
		pos = body + size + (size % 2); // chunks are word-aligned
	}
	throw new WavFormatError('no data chunk found', 'incomplete');
}

export function parseWav(bytes: Uint8Array): WavAudio {
	let layout: WavLayout;
	try {
		layout = readWavLayout(bytes);
	} catch (error) {
		if (error instanceof WavFormatError && error.kind === 'incomplete') {
			throw new WavFormatError(`truncated WAV: ${error.message}`, 'corrupt');
		}
		throw error;
	}
	const { format, dataOffset, dataBytes, sizeFromFileLength } = layout;
	const data = bytes.subarray(dataOffset, dataOffset + dataBytes);
	return {
		sampleRate: format.sampleRate,
		channels: deinterleave(data, format),
		format,
		sizeFromFileLength,
	};
}

/** Size of the canonical header `wavHeader` writes. */
export const WAV_HEADER_BYTES = 44;
/** The largest data chunk whose RIFF size (data + 36) still fits the header's uint32 fields. */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36;

export interface WavHeaderOptions {
	sampleRate: number;
	channels: number;
	/** PCM bytes that follow the header; 0 while recording (readers then use the file length). */
	dataBytes: number;
}

/**
 * The 44-byte header of a 16-bit PCM WAV. Sizes beyond 4 GiB are written as 0xFFFFFFFF, which
 * `readWavLayout` treats as "to the end of the file".
 */
export function wavHeader({ sampleRate, channels, dataBytes }: WavHeaderOptions): Buffer {
	const header = Buffer.alloc(WAV_HEADER_BYTES);
	const clamp = (n: number) => Math.min(n, UNKNOWN_SIZE);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(clamp(36 + dataBytes), 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(FORMAT_PCM, 20);
	header.writeUInt16LE(channels, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * channels * 2, 28);
	header.writeUInt16LE(channels * 2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(clamp(dataBytes), 40);
	return header;
}
