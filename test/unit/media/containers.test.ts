import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sniffContainer } from '../../../src/lib/server/infra/media/containers';
import { decodeToPcm16kMono } from '../../../src/lib/server/infra/media/decode';
import { UnsupportedMediaError } from '../../../src/lib/server/infra/errors';
import { probeMedia } from '../../../src/lib/server/infra/media/probe';

/**
 * Untrusted media must never make ffmpeg read another file (issue 16 #1): playlists and concat
 * lists are refused before ffmpeg runs, with the bundled ffmpeg (which followed `file://`
 * entries) and with Debian's (which followed absolute paths).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'containers-'));
const secret = path.join(dir, 'secret.wav');
const bundled = path.resolve('node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
const system = fs.existsSync('/usr/bin/ffmpeg') ? '/usr/bin/ffmpeg' : undefined;

function ff(bin: string, args: string[]) {
	execFileSync(bin, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

beforeAll(() => {
	ff(bundled, ['-f', 'lavfi', '-i', 'sine=f=440:d=3', '-ar', '16000', secret]);
	ff(bundled, [
		'-i',
		secret,
		'-c:a',
		'aac',
		'-f',
		'hls',
		'-hls_time',
		'1',
		path.join(dir, 'pl.m3u8'),
	]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
	delete process.env.FFMPEG_PATH;
});

const write = (name: string, text: string) => {
	const file = path.join(dir, name);
	fs.writeFileSync(file, text);
	return file;
};

const hostile = () => [
	write(
		'file-url.m3u8',
		`#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:3,\nfile://${secret}\n#EXT-X-ENDLIST\n`,
	),
	write(
		'abs-segment.m3u8',
		`#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:1,\n${path.join(dir, 'pl0.ts')}\n#EXT-X-ENDLIST\n`,
	),
	write('relative.m3u8', fs.readFileSync(path.join(dir, 'pl.m3u8'), 'utf8')),
	write('list.ffconcat', `ffconcat version 1.0\nfile ${secret}\n`),
	// A playlist that claims to be audio by its name.
	write('disguised.wav', `#EXTM3U\n#EXTINF:3,\nfile://${secret}\n#EXT-X-ENDLIST\n`),
];

for (const [name, bin] of [
	['the bundled ffmpeg', bundled],
	["Debian's ffmpeg", system],
] as const) {
	describe.skipIf(!bin)(`with ${name}`, () => {
		it('refuses HLS playlists and concat lists without reading what they name', async () => {
			process.env.FFMPEG_PATH = bin!;
			for (const file of hostile()) {
				await expect(decodeToPcm16kMono(file), file).rejects.toBeInstanceOf(UnsupportedMediaError);
				await expect(probeMedia(file), file).rejects.toBeInstanceOf(UnsupportedMediaError);
			}
		});

		it('still decodes the audio formats people upload', async () => {
			process.env.FFMPEG_PATH = bin!;
			const formats: [string, string[]][] = [
				['a.mp3', ['-c:a', 'libmp3lame']],
				['a.m4a', ['-c:a', 'aac']],
				['a.ogg', ['-c:a', 'libvorbis']],
				['a.flac', ['-c:a', 'flac']],
				['a.mkv', ['-c:a', 'flac']],
				['a.ts', ['-c:a', 'aac', '-f', 'mpegts']],
			];
			for (const [file, args] of formats) {
				const out = path.join(dir, file);
				ff(bin!, ['-i', secret, ...args, out]);
				const audio = await decodeToPcm16kMono(out);
				expect(audio.durationSeconds, file).toBeGreaterThan(2.5);
			}
		});
	});
}

describe('sniffContainer', () => {
	it('names containers by their first bytes, and nothing else', () => {
		const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);
		expect(sniffContainer(riff)).toBe('wav');
		expect(sniffContainer(Buffer.from('fLaC\0\0\0"'))).toBe('flac');
		expect(sniffContainer(Buffer.from('OggS\0\x02'))).toBe('ogg');
		expect(sniffContainer(Buffer.from('\0\0\0\x20ftypM4A '))).toBe('mov');
		expect(sniffContainer(Buffer.from('ID3\x04\0\0'))).toBe('mp3');
		expect(sniffContainer(Buffer.from('#EXTM3U\n'))).toBeNull();
		expect(sniffContainer(Buffer.from('ffconcat version 1.0\n'))).toBeNull();
		expect(sniffContainer(Buffer.from('<?xml version="1.0"?><MPD'))).toBeNull();
		expect(sniffContainer(Buffer.alloc(0))).toBeNull();
	});
});
