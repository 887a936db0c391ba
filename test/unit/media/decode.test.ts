import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	decodeToPcm16kMono,
	FfmpegUnavailableError,
	resolveFfmpeg,
	UnsupportedMediaError,
} from '../../../src/lib/server/infra/media/decode';
import { meaningfulStderrLine } from '../../../src/lib/server/infra/media/ffmpeg';
import { wavHeader } from '../../../src/lib/server/infra/media/wav';
import { FIXTURES, loadSpeech, maxAbsDiff, rms } from '../../helpers/audio';

const run = promisify(execFile);
const speechWav = `${FIXTURES}speech.wav`;
const speech = loadSpeech();
let dir: string;
let ffmpeg: string;

/** Encodes speech.wav (or a lavfi source) with the bundled ffmpeg into `name`. */
async function make(name: string, args: string[], input = ['-i', speechWav]): Promise<string> {
	const path = join(dir, name);
	await run(ffmpeg, ['-nostdin', '-v', 'error', '-y', ...input, ...args, path]);
	return path;
}

beforeAll(async () => {
	delete process.env.FFMPEG_PATH;
	dir = mkdtempSync(join(tmpdir(), 'decode-test-'));
	ffmpeg = (await resolveFfmpeg()).path;
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectUnsupported(input: string | Buffer, reason?: RegExp) {
	const error = await decodeToPcm16kMono(input).then(
		() => null,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(UnsupportedMediaError);
	const media = error as UnsupportedMediaError;
	expect(media.code).toBe('UNSUPPORTED_MEDIA');
	expect(media.reason.length).toBeGreaterThan(3);
	if (reason) expect(media.reason).toMatch(reason);
	expect(media.reason).not.toContain(dir); // no server paths in user-facing reasons
	return media;
}

describe('decodeToPcm16kMono', { timeout: 30_000 }, () => {
	it('reads our 16 kHz WAV natively, bit-exact', async () => {
		const out = await decodeToPcm16kMono(speechWav);
		expect(out.sampleRate).toBe(16000);
		expect(out.channels).toHaveLength(1);
		expect(out.samples).toEqual(speech);
		expect(out.durationSeconds).toBeCloseTo(speech.length / 16000, 6);
		expect(await decodeToPcm16kMono(readFileSync(speechWav))).toEqual(out);
	});

	it('keeps stereo channels (mic | tab) and down-mixes the mono mix', async () => {
		const mic = Int16Array.from(speech, (s) => Math.round(s * 32767));
		const frames = Buffer.alloc(mic.length * 4);
		for (let i = 0; i < mic.length; i++) frames.writeInt16LE(mic[i]!, i * 4); // tab silent
		const wav = Buffer.concat([
			wavHeader({ sampleRate: 16000, channels: 2, dataBytes: 0 }),
			frames,
		]);
		const out = await decodeToPcm16kMono(wav);
		expect(out.channels).toHaveLength(2);
		expect(rms(out.channels[1]!)).toBe(0);
		expect(
			maxAbsDiff(
				out.samples,
				out.channels[0]!.map((s) => s / 2),
			),
		).toBeLessThan(1e-7);
	});

	it('resamples 44.1 kHz stereo WAV natively', async () => {
		const path = await make('stereo44.wav', [
			'-filter_complex',
			'[0:a]asplit[l][r];[l][r]amerge=inputs=2',
			'-ar',
			'44100',
			'-c:a',
			'pcm_s16le',
		]);
		const out = await decodeToPcm16kMono(path);
		expect(out.channels).toHaveLength(2);
		expect(Math.abs(out.samples.length - speech.length)).toBeLessThanOrEqual(1);
		// 16 → 44.1 (ffmpeg) → 16 kHz (ours) is near-identity below ~6.5 kHz.
		const n = Math.min(out.samples.length, speech.length);
		const error = out.samples.subarray(0, n).map((s, i) => s - speech[i]!);
		expect(20 * Math.log10(rms(error) / rms(speech))).toBeLessThan(-20);
	});

	const formats: [string, string[], number][] = [
		// name, encoder args, tolerance of the level (dB)
		['speech.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k'], 1],
		['speech.ogg', ['-c:a', 'libvorbis'], 1],
		['speech.opus', ['-c:a', 'libopus', '-b:a', '32k'], 1.5],
		['speech.webm', ['-c:a', 'libopus', '-b:a', '32k'], 1.5],
		['speech.m4a', ['-c:a', 'aac', '-b:a', '64k'], 1],
		['speech.flac', ['-c:a', 'flac'], 0.01],
	];
	for (const [name, args, toleranceDb] of formats) {
		it(`decodes ${name.split('.')[1]!} through ffmpeg`, async () => {
			const out = await decodeToPcm16kMono(await make(name, args));
			expect(out.sampleRate).toBe(16000);
			expect(out.channels).toHaveLength(1);
			// Codecs add a little priming/padding; the length must stay close.
			expect(Math.abs(out.durationSeconds - speech.length / 16000)).toBeLessThan(0.1);
			const levelDb = 20 * Math.log10(rms(out.samples) / rms(speech));
			expect(Math.abs(levelDb)).toBeLessThan(toleranceDb);
		});
	}

	it('decodes FLAC sample-exact and from a Buffer', async () => {
		const path = await make('exact.flac', ['-c:a', 'flac']);
		const out = await decodeToPcm16kMono(readFileSync(path));
		expect(maxAbsDiff(out.samples, speech)).toBeLessThan(1e-6);
	});

	it('takes the audio track of a video (mp4 with moov at the end, from a Buffer)', async () => {
		const video = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=2.4'];
		const path = await make(
			'clip.mp4',
			['-map', '0:v', '-map', '1:a', '-c:v', 'mpeg4', '-c:a', 'aac', '-shortest'],
			[...video, '-i', speechWav],
		);
		const out = await decodeToPcm16kMono(readFileSync(path));
		expect(out.durationSeconds).toBeGreaterThan(2);
		expect(rms(out.samples)).toBeGreaterThan(0.3 * rms(speech));
	});

	it('falls back to ffmpeg for compressed WAV (μ-law)', async () => {
		const out = await decodeToPcm16kMono(`${FIXTURES}wav/mulaw-mono.wav`);
		expect(out.durationSeconds).toBeCloseTo(0.05, 2);
		expect(rms(out.samples)).toBeGreaterThan(0.3);
	});

	it('throws UnsupportedMediaError for corrupt bytes, with ffmpeg’s reason', async () => {
		const junk = Buffer.alloc(4096);
		for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
		await expectUnsupported(junk, /invalid data/i);
	});

	it('throws UnsupportedMediaError for empty input', async () => {
		await expectUnsupported(Buffer.alloc(0), /empty/);
		const empty = join(dir, 'empty.mp3');
		writeFileSync(empty, '');
		await expectUnsupported(empty, /empty/);
	});

	it('throws UnsupportedMediaError for a text file', async () => {
		const text = join(dir, 'notes.txt');
		writeFileSync(text, 'Minutes of the meeting.\nAction items: none.\n'.repeat(20));
		await expectUnsupported(text);
	});

	it('throws UnsupportedMediaError for a video without audio', async () => {
		const path = await make(
			'silent.mp4',
			['-c:v', 'mpeg4'],
			['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=1'],
		);
		await expectUnsupported(path, /no audio stream/);
	});

	it('throws UnsupportedMediaError for a truncated mp3 and a WAV without data', async () => {
		const mp3 = readFileSync(await make('cut.mp3', ['-c:a', 'libmp3lame']));
		await expectUnsupported(Buffer.concat([mp3.subarray(0, 200), Buffer.alloc(3000, 0x55)]));
		await expectUnsupported(wavHeader({ sampleRate: 16000, channels: 1, dataBytes: 0 }));
	});

	it('lets a missing file fail with ENOENT, not as unsupported media', async () => {
		await expect(decodeToPcm16kMono(join(dir, 'nope.mp3'))).rejects.toMatchObject({
			code: 'ENOENT',
		});
	});

	it('honours an AbortSignal', async () => {
		const long = await make(
			'long.flac',
			['-c:a', 'flac'],
			['-f', 'lavfi', '-i', 'sine=frequency=300:duration=600:sample_rate=48000'],
		);
		const before = new AbortController();
		before.abort();
		await expect(decodeToPcm16kMono(long, { signal: before.signal })).rejects.toMatchObject({
			name: 'AbortError',
		});
		const during = new AbortController();
		const pending = decodeToPcm16kMono(long, { signal: during.signal });
		setTimeout(() => during.abort(), 50);
		await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
	});
});

describe('resolveFfmpeg', { timeout: 30_000 }, () => {
	afterEach(() => {
		delete process.env.FFMPEG_PATH;
	});

	it('prefers a maintained ffmpeg on PATH, else the bundled binary, and reports its version', async () => {
		const path = process.env.PATH;
		try {
			process.env.PATH = dir;
			const bundled = await resolveFfmpeg();
			expect(bundled.source).toBe('bundled');
			expect(bundled.version).toMatch(/^ffmpeg version /);
			const bin = join(dir, 'bin');
			mkdirSync(bin, { recursive: true });
			symlinkSync(bundled.path, join(bin, 'ffmpeg'));
			process.env.PATH = `${join(dir, 'nowhere')}:${bin}`;
			expect(await resolveFfmpeg()).toMatchObject({ source: 'system', path: join(bin, 'ffmpeg') });
		} finally {
			process.env.PATH = path;
		}
	});

	it('prefers FFMPEG_PATH', async () => {
		process.env.FFMPEG_PATH = ffmpeg;
		expect(await resolveFfmpeg()).toMatchObject({ source: 'env', path: ffmpeg });
	});

	it('reports a broken FFMPEG_PATH as FfmpegUnavailableError, in decode too', async () => {
		process.env.FFMPEG_PATH = join(dir, 'no-such-ffmpeg');
		await expect(resolveFfmpeg()).rejects.toBeInstanceOf(FfmpegUnavailableError);
		const mp3 = await make('x.mp3', ['-c:a', 'libmp3lame']);
		await expect(decodeToPcm16kMono(mp3)).rejects.toBeInstanceOf(FfmpegUnavailableError);
		// Native WAV needs no ffmpeg at all.
		expect((await decodeToPcm16kMono(speechWav)).channels).toHaveLength(1);
	});
});

describe('meaningfulStderrLine', () => {
	it('picks the specific line, strips paths and addresses', () => {
		const stderr = [
			'[mp3 @ 0x55ccc2220900] Invalid frame size (835): Could not seek to 4318.',
			'/srv/data/u/file.mp3: Invalid argument',
			'Conversion failed!',
			'',
		].join('\n');
		expect(meaningfulStderrLine(stderr, '/srv/data/u/file.mp3')).toBe(
			'mp3: Invalid frame size (835): Could not seek to 4318.',
		);
		expect(meaningfulStderrLine('/x/in: Invalid data found when processing input\n', '/x/in')).toBe(
			'Invalid data found when processing input',
		);
		expect(meaningfulStderrLine('\n\n')).toBeNull();
	});
});
