/** Canonical 44-byte header of a 16-bit PCM WAV file. */
export const WAV_HEADER_BYTES = 44;
/** The largest data chunk whose RIFF size (data + 36) still fits the header's uint32 fields. */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36;

export interface WavHeaderInput {
	sampleRate: number;
	channels: number;
	/** Bytes of PCM after the header. */
	dataBytes: number;
}

export function wavHeader({ sampleRate, channels, dataBytes }: WavHeaderInput): Buffer {
	const blockAlign = channels * 2;
	const h = Buffer.alloc(WAV_HEADER_BYTES);
	h.write('RIFF', 0, 'ascii');
	h.writeUInt32LE(dataBytes + 36, 4);
	h.write('WAVE', 8, 'ascii');
	h.write('fmt ', 12, 'ascii');
	h.writeUInt32LE(16, 16);
	h.writeUInt16LE(1, 20); // PCM
	h.writeUInt16LE(channels, 22);
	h.writeUInt32LE(sampleRate, 24);
	h.writeUInt32LE(sampleRate * blockAlign, 28);
	h.writeUInt16LE(blockAlign, 32);
	h.writeUInt16LE(16, 34);
	h.write('data', 36, 'ascii');
	h.writeUInt32LE(dataBytes, 40);
	return h;
}
