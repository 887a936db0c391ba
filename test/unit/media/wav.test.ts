import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	parseWav,
	readWavLayout,
	wavHeader,
	WavFormatError,
} from '../../../src/lib/server/infra/media/wav';
import { FIXTURES, maxAbsDiff } from '../../helpers/audio';

/** Made with sox 14.4 (`sox -D -n -r 8000 … synth 0.05 sine 440 [sine 660 [sine 880]] vol 0.5`). */
const fixture = (name: string) => readFileSync(`${FIXTURES}wav/${name}`);
const reference = parseWav(fixture('float64-mono.wav')).channels[0]!;

function zeroCrossings(samples: Float32Array): number {
	let count = 0;
	for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) count++;
	return count;
}

/** Builds a WAV byte by byte, for layouts sox does not write. */
function riff(chunks: [string, Buffer][], riffId = 'RIFF'): Buffer {
	const parts = chunks.map(([id, body]) => {
		const head = Buffer.alloc(8);
		head.write(id, 0, 'ascii');
		head.writeUInt32LE(body.length, 4);
		return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
	});
	const header = Buffer.alloc(12);
	header.write(riffId, 0, 'ascii');
	header.writeUInt32LE(4 + parts.reduce((n, p) => n + p.length, 0), 4);
	header.write('WAVE', 8, 'ascii');
	return Buffer.concat([header, ...parts]);
}

function pcm16(samples: number[]): Buffer {
	const out = Buffer.alloc(samples.length * 2);
	samples.forEach((s, i) => out.writeInt16LE(s, i * 2));
	return out;
}

function withDataSize(header: Buffer, size: number): Buffer {
	const copy = Buffer.from(header);
	copy.writeUInt32LE(size, 40);
	return copy;
}

describe('parseWav on sox-made files', () => {
	const cases: [string, number, number, number][] = [
		// file, channels, bits, tolerance vs the float64 file
		['pcm-u8-mono.wav', 1, 8, 1 / 128],
		['pcm-s16-stereo.wav', 2, 16, 1 / 32768],
		['pcm-s24-mono.wav', 1, 24, 1e-6],
		['pcm-s32-mono.wav', 1, 32, 1e-6],
		['float32-stereo.wav', 2, 32, 1e-7],
		['pcm-s16-3ch.wav', 3, 16, 1 / 32768], // WAVE_FORMAT_EXTENSIBLE
	];
	for (const [name, channels, bits, tolerance] of cases) {
		it(`${name}: ${channels} ch, ${bits}-bit`, () => {
			const wav = parseWav(fixture(name));
			expect(wav.sampleRate).toBe(8000);
			expect(wav.format.bitsPerSample).toBe(bits);
			expect(wav.channels).toHaveLength(channels);
			expect(wav.channels[0]!).toHaveLength(400);
			expect(maxAbsDiff(wav.channels[0]!, reference)).toBeLessThanOrEqual(tolerance);
			// 440 Hz for 50 ms: 44 zero crossings; the other channels are higher tones.
			expect(zeroCrossings(wav.channels[0]!)).toBeGreaterThanOrEqual(43);
			expect(zeroCrossings(wav.channels[0]!)).toBeLessThanOrEqual(45);
			if (channels > 1) expect(zeroCrossings(wav.channels[1]!)).toBeGreaterThan(60);
			expect(wav.sizeFromFileLength).toBe(false);
		});
	}

	it('stereo channels stay apart and agree across formats', () => {
		const int16 = parseWav(fixture('pcm-s16-stereo.wav'));
		const float = parseWav(fixture('float32-stereo.wav'));
		expect(maxAbsDiff(int16.channels[1]!, float.channels[1]!)).toBeLessThanOrEqual(1 / 32768);
		expect(maxAbsDiff(int16.channels[0]!, int16.channels[1]!)).toBeGreaterThan(0.1);
	});

	it('skips the fact chunk of float files and reads 64-bit floats', () => {
		const wav = parseWav(fixture('float64-mono.wav'));
		expect(wav.format).toMatchObject({ sampleFormat: 'float', bitsPerSample: 64 });
	});

	it('refuses compressed WAV (μ-law) with an "unsupported" error, for ffmpeg to handle', () => {
		expect(() => parseWav(fixture('mulaw-mono.wav'))).toThrow(WavFormatError);
		try {
			parseWav(fixture('mulaw-mono.wav'));
		} catch (error) {
			expect((error as WavFormatError).kind).toBe('unsupported');
		}
	});
});

describe('parseWav on hand-made layouts', () => {
	const samples = [0, 16384, -16384, 32767, -32768, 1];
	const expected = samples.map((s) => s / 32768);

	it('reads a recorder file whose header was never finalised (sizes 0)', () => {
		const bytes = Buffer.concat([
			wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0 }),
			pcm16(samples),
		]);
		const wav = parseWav(bytes);
		expect(wav.sizeFromFileLength).toBe(true);
		expect(Array.from(wav.channels[0]!)).toEqual(expected);
	});

	it('reads a streamed file with data size 0xFFFFFFFF, dropping a torn last frame', () => {
		const header = withDataSize(
			wavHeader({ sampleRate: 16000, channels: 2, dataBytes: 0 }),
			0xffffffff,
		);
		const bytes = Buffer.concat([header, pcm16(samples), Buffer.from([7])]);
		const wav = parseWav(bytes);
		expect(wav.channels).toHaveLength(2);
		expect(Array.from(wav.channels[0]!)).toEqual([expected[0]!, expected[2]!, expected[4]!]);
		expect(Array.from(wav.channels[1]!)).toEqual([expected[1]!, expected[3]!, expected[5]!]);
	});

	it('uses the file length when the data size claims more than there is (crash mid-write)', () => {
		const header = wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 1_000_000 });
		expect(parseWav(Buffer.concat([header, pcm16(samples)])).channels[0]!).toHaveLength(6);
	});

	it('skips unknown and odd-sized chunks and stops at the declared data size', () => {
		const fmt = wavHeader({ sampleRate: 22050, channels: 1, dataBytes: 0 }).subarray(20, 36);
		const bytes = riff([
			['JUNK', Buffer.from('odd')],
			['fmt ', Buffer.from(fmt)],
			['LIST', Buffer.from('INFOISFT\u0004\u0000\u0000\u0000test')],
			['data', pcm16(samples)],
			['id3 ', Buffer.from('trailing metadata')],
		]);
		const wav = parseWav(bytes);
		expect(wav.sampleRate).toBe(22050);
		expect(Array.from(wav.channels[0]!)).toEqual(expected);
		expect(wav.sizeFromFileLength).toBe(false);
	});

	it('reads RF64 with its ds64 size', () => {
		const fmt = Buffer.from(
			wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0 }).subarray(20, 36),
		);
		const ds64 = Buffer.alloc(28);
		ds64.writeBigUInt64LE(BigInt(samples.length * 2), 8);
		const bytes = riff(
			[
				['ds64', ds64],
				['fmt ', fmt],
				['data', pcm16(samples)],
			],
			'RF64',
		);
		bytes.writeUInt32LE(0xffffffff, bytes.length - samples.length * 2 - 4);
		expect(Array.from(parseWav(bytes).channels[0]!)).toEqual(expected);
	});

	it('rejects what is not a WAV, and truncated headers', () => {
		expect(() => parseWav(Buffer.from('ID3 not a wave file at all'))).toThrow(/not a RIFF/);
		const header = wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0 });
		expect(() => parseWav(header.subarray(0, 30))).toThrow(/truncated/);
		expect(() => readWavLayout(header.subarray(0, 30))).toThrow(
			expect.objectContaining({ kind: 'incomplete' }),
		);
	});
});

describe('wavHeader', () => {
	it('writes the canonical 44-byte 16-bit PCM header', () => {
		const header = wavHeader({ sampleRate: 16000, channels: 2, dataBytes: 64000 });
		expect(header).toHaveLength(44);
		expect(header.toString('ascii', 0, 4)).toBe('RIFF');
		expect(header.readUInt32LE(4)).toBe(36 + 64000);
		expect(header.toString('ascii', 8, 16)).toBe('WAVEfmt ');
		expect(header.readUInt16LE(20)).toBe(1);
		expect(header.readUInt16LE(22)).toBe(2);
		expect(header.readUInt32LE(24)).toBe(16000);
		expect(header.readUInt32LE(28)).toBe(64000);
		expect(header.readUInt16LE(32)).toBe(4);
		expect(header.readUInt16LE(34)).toBe(16);
		expect(header.toString('ascii', 36, 40)).toBe('data');
		expect(header.readUInt32LE(40)).toBe(64000);
		expect(readWavLayout(header)).toMatchObject({ dataOffset: 44, dataBytes: 0 });
	});

	it('round-trips through parseWav and clamps sizes past 4 GiB', () => {
		const bytes = Buffer.concat([
			wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 4 }),
			pcm16([100, -100]),
		]);
		expect(Array.from(parseWav(bytes).channels[0]!)).toEqual([100 / 32768, -100 / 32768]);
		const huge = wavHeader({ sampleRate: 16000, channels: 2, dataBytes: 5 * 2 ** 30 });
		expect(huge.readUInt32LE(40)).toBe(0xffffffff);
	});
});
