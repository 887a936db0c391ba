import { execFile, spawnSync } from 'node:child_process';
import {
	closeSync,
	mkdtempSync,
	openSync,
	readdirSync,
	rmSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAudio, removeStaleScratch } from '../../../src/lib/server/infra/media/audio-file';
import { arraySource, openPcmFile } from '../../../src/lib/server/infra/media/audio-source';
import { decodeToPcm16kMono, resolveFfmpeg } from '../../../src/lib/server/infra/media/decode';
import {
	downmixToMono,
	resample,
	resampledLength,
	resampleInputSpan,
	resampleRange,
} from '../../../src/lib/server/infra/media/resample';
import { wavHeader } from '../../../src/lib/server/infra/media/wav';
import { FIXTURES, noise, tone } from '../../helpers/audio';
import { writePcmWav } from '../../helpers/media';

const run = promisify(execFile);
let dir: string;
let scratchDir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'audio-file-test-'));
	scratchDir = mkdtempSync(join(tmpdir(), 'audio-file-scratch-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
	rmSync(scratchDir, { recursive: true, force: true });
});

/** Every sample of every channel, and the mix, read through the source in uneven pieces. */
function readAll(file: Parameters<typeof openPcmFile>[0]) {
	const source = openPcmFile(file);
	try {
		const whole = (track: ReturnType<typeof source.mix>) => {
			const out = new Float32Array(track.length);
			for (let at = 0; at < track.length; at += 7777) out.set(track.read(at, at + 7777), at);
			return out;
		};
		return {
			channels: Array.from({ length: source.channels }, (_, c) => whole(source.track(c))),
			mix: whole(source.mix()),
		};
	} finally {
		source.close();
	}
}

describe('resampleRange', () => {
	it('gives, piece by piece, exactly what resampling the whole signal gives', () => {
		const input = noise(3 * 44100 + 17, 0.5, 7);
		const whole = resample(input, 44100, 16000);
		const length = resampledLength(input.length, 44100, 16000);
		expect(length).toBe(whole.length);
		const pieces = new Float32Array(length);
		for (let from = 0; from < length; from += 4999) {
			const to = Math.min(length, from + 4999);
			const span = resampleInputSpan(from, to, 44100, 16000);
			const a = Math.max(0, span.first);
			const slice = input.subarray(a, span.last + 1);
			pieces.set(resampleRange(slice, a, input.length, 44100, 16000, from, to), from);
		}
		expect(pieces).toEqual(whole);
	});
});

describe('openAudio', { timeout: 60_000 }, () => {
	it('reads a 16 kHz recording where it lies, with a data size of 0xFFFFFFFF, sample for sample', async () => {
		const mic = noise(48_000, 0.3, 1);
		const tab = tone(440, 16000, 3);
		const path = writePcmWav(join(dir, 'recording.wav'), [mic, tab]);
		// What a recorder that never finalised its header leaves.
		const fd = openSync(path, 'r+');
		const unknown = Buffer.alloc(4, 0xff);
		writeSync(fd, unknown, 0, 4, 4);
		writeSync(fd, unknown, 0, 4, 40);
		closeSync(fd);
		const opened = await openAudio(path, { scratchDir });
		expect(opened.file.path).toBe(path); // no copy
		expect(opened.channels).toBe(2);
		expect(opened.durationSeconds).toBe(3);
		expect(readdirSync(scratchDir)).toEqual([]);
		const old = await decodeToPcm16kMono(path);
		const read = readAll(opened.file);
		expect(read.channels).toEqual(old.channels);
		expect(read.mix).toEqual(old.samples);
		expect(read.mix).toEqual(downmixToMono(old.channels));
		await opened.dispose();
	});

	it('reads an RF64 file by its ds64 size', async () => {
		const samples = tone(300, 16000, 1);
		const pcm = Buffer.alloc(samples.length * 2);
		samples.forEach((v, i) => pcm.writeInt16LE(Math.round(v * 32767), i * 2));
		const ds64 = Buffer.alloc(8 + 28);
		ds64.write('ds64', 0, 'ascii');
		ds64.writeUInt32LE(28, 4);
		ds64.writeBigUInt64LE(BigInt(36 + 36 + pcm.length), 8);
		ds64.writeBigUInt64LE(BigInt(pcm.length), 16);
		const header = wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0xffffffff });
		header.write('RF64', 0, 'ascii');
		// RF64: the ds64 chunk goes right after WAVE; a trailing chunk must not be read as audio.
		const file = Buffer.concat([
			header.subarray(0, 12),
			ds64,
			header.subarray(12),
			pcm,
			Buffer.from('LIST\x04\x00\x00\x00abcd', 'latin1'),
		]);
		const path = join(dir, 'rf64.wav');
		const fd = openSync(path, 'w');
		writeSync(fd, file);
		closeSync(fd);
		const opened = await openAudio(path, { scratchDir });
		expect(opened.file.path).toBe(path);
		expect(opened.file.frames).toBe(samples.length);
		expect(readAll(opened.file).mix[100]).toBeCloseTo(samples[100]!, 4);
	});

	it('opens a WAV over 2 GiB (which the whole-file decoder cannot read) and reads its end', async () => {
		const path = join(dir, 'huge.wav');
		const dataBytes = 2.25 * 2 ** 30; // 2.25 GiB of 16 kHz mono: about 20 hours
		const fd = openSync(path, 'w');
		writeSync(fd, wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0xffffffff }), 0, 44, 0);
		// A tone in the last second; everything before it is a hole in a sparse file.
		const last = tone(1000, 16000, 1);
		const pcm = Buffer.alloc(last.length * 2);
		last.forEach((v, i) => pcm.writeInt16LE(Math.round(v * 32767), i * 2));
		writeSync(fd, pcm, 0, pcm.length, 44 + dataBytes - pcm.length);
		closeSync(fd);
		try {
			await expect(decodeToPcm16kMono(path)).rejects.toThrow();
			const opened = await openAudio(path, { scratchDir });
			expect(opened.file.frames).toBe(dataBytes / 2);
			const source = openPcmFile(opened.file);
			const end = source.track(0).read(source.frames - 16000, source.frames + 5);
			source.close();
			expect(end).toHaveLength(16000);
			expect(end[4]).toBeCloseTo(last[4]!, 4);
			expect(source.frames / 16000 / 3600).toBeGreaterThan(20);
		} finally {
			rmSync(path, { force: true });
		}
	});

	it('resamples another WAV into a scratch file, as the whole-file decoder did, and deletes it', async () => {
		const left = noise(44100 * 2 + 5, 0.4, 3);
		const right = tone(1000, 44100, 2);
		const path = writePcmWav(join(dir, 'cd.wav'), [left, right.subarray(0, left.length)], 44100);
		const opened = await openAudio(path, { scratchDir });
		expect(opened.file.path).not.toBe(path);
		expect(readdirSync(scratchDir)).toHaveLength(1);
		const old = await decodeToPcm16kMono(path);
		const read = readAll(opened.file);
		expect(read.channels).toEqual(old.channels);
		expect(read.mix).toEqual(old.samples);
		await opened.dispose();
		expect(readdirSync(scratchDir)).toEqual([]);
	});

	it('decodes other formats through ffmpeg into a scratch file; an abort leaves none behind', async () => {
		const ffmpeg = (await resolveFfmpeg()).path;
		const flac = join(dir, 'long.flac');
		await run(ffmpeg, [
			...['-nostdin', '-v', 'error', '-y', '-f', 'lavfi'],
			...['-i', 'sine=frequency=300:duration=600:sample_rate=48000', '-ac', '2', flac],
		]);
		const during = new AbortController();
		const pending = openAudio(flac, { scratchDir, signal: during.signal });
		setTimeout(() => during.abort(), 50);
		await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
		expect(readdirSync(scratchDir)).toEqual([]);

		const input = join(dir, 'speech.ogg');
		await run(ffmpeg, [
			...['-nostdin', '-v', 'error', '-y', '-i', `${FIXTURES}speech.wav`],
			...['-af', 'pan=stereo|c0=c0|c1=0.5*c0', '-ar', '44100', input],
		]);
		const opened = await openAudio(input, { scratchDir });
		const old = await decodeToPcm16kMono(input);
		const read = readAll(opened.file);
		expect(read.channels).toEqual(old.channels);
		expect(read.mix).toEqual(old.samples);
		await opened.dispose();
		expect(readdirSync(scratchDir)).toEqual([]);
	});

	it('refuses what is not audio, with nothing left in the scratch folder', async () => {
		const path = join(dir, 'notes.txt');
		const fd = openSync(path, 'w');
		writeSync(fd, 'not audio at all '.repeat(100));
		closeSync(fd);
		await expect(openAudio(path, { scratchDir })).rejects.toMatchObject({
			code: 'UNSUPPORTED_MEDIA',
		});
		expect(readdirSync(scratchDir)).toEqual([]);
	});
});

describe('arraySource', () => {
	it('mixes pieces exactly as downmixToMono mixes the whole', () => {
		const a = noise(10_000, 0.5, 1);
		const b = noise(10_001, 0.5, 2);
		const mix = arraySource([a, b]).mix();
		const out = new Float32Array(mix.length);
		for (let at = 0; at < mix.length; at += 333) out.set(mix.read(at, at + 333), at);
		expect(out).toEqual(downmixToMono([a, b]));
	});
});

describe('removeStaleScratch', () => {
	it('deletes the scratch files of processes that are gone, and keeps those of running ones', () => {
		const gone = spawnSync(process.execPath, ['-e', '']).pid;
		const uuid = '0b8b4c0e-1f2a-4c3d-9e8f-7a6b5c4d3e2f';
		const dead = `decode-${gone}-${uuid}.pcm`;
		const mine = `decode-${process.pid}-${uuid}.pcm`;
		const other = 'export.part';
		for (const name of [dead, mine, other]) writeFileSync(join(scratchDir, name), 'x');
		removeStaleScratch(scratchDir);
		expect(readdirSync(scratchDir).sort()).toEqual([mine, other].sort());
		for (const name of [mine, other]) rmSync(join(scratchDir, name));
	});
});
