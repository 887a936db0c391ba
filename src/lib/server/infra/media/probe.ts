import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UnsupportedMediaError } from './errors';
import { safeInputArgs } from './containers';
import { meaningfulStderrLine, runFfmpeg } from './ffmpeg';
import { isWav, readWavLayout, WavFormatError } from './wav';

export interface MediaInfo {
	durationSeconds: number;
	sampleRate: number;
	channels: number;
	/** `wav`, or ffmpeg's codec name (`mp3`, `opus`, `aac`…). */
	format: string;
}

const HEAD_BYTES = 64 * 1024;

/** The first `bytes` of a file (fewer when it is shorter). */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<Buffer> {
	const file = await open(path, 'r');
	try {
		const head = Buffer.alloc(bytes);
		const { bytesRead } = await file.read(head, 0, bytes, 0);
		return head.subarray(0, bytesRead);
	} finally {
		await file.close();
	}
}

function probeWav(head: Buffer, size: number): MediaInfo | null {
	try {
		const layout = readWavLayout(head);
		const { sampleRate, channels, blockAlign } = layout.format;
		const dataBytes = layout.sizeFromFileLength ? size - layout.dataOffset : layout.dataBytes;
		return {
			durationSeconds: Math.floor(dataBytes / blockAlign) / sampleRate,
			sampleRate,
			channels,
			format: 'wav',
		};
	} catch (e) {
		if (e instanceof WavFormatError) return null;
		throw e;
	}
}

function hms(text: string): number {
	const [h, m, s] = text.split(':').map(Number) as [number, number, number];
	return h * 3600 + m * 60 + s;
}

/**
 * Checks that a file holds decodable audio and reads its duration and layout, without decoding
 * it all: WAV headers natively, anything else by letting ffmpeg decode its first second.
 * Empty, corrupt and audio-less files throw UnsupportedMediaError with ffmpeg's reason.
 */
export async function probeMedia(file: string, signal?: AbortSignal): Promise<MediaInfo> {
	const path = resolve(file);
	const { size } = await stat(path);
	if (size === 0) throw new UnsupportedMediaError('empty input');
	const head = await readHead(path);
	if (isWav(head)) {
		const wav = probeWav(head, size);
		if (wav && wav.durationSeconds > 0) return wav;
	}
	const run = await runFfmpeg(
		[
			'-nostdin',
			'-hide_banner',
			// The head read above names the container: the file is not read a second time.
			...(await safeInputArgs(path, head)),
			...['-vn', '-sn', '-dn', '-t', '1', '-f', 'null', '-'],
		],
		{ signal, onStdout: () => {} },
	);
	if (run.exitCode !== 0) {
		throw new UnsupportedMediaError(
			meaningfulStderrLine(run.stderr, path) ?? `ffmpeg exited with ${run.exitCode}`,
		);
	}
	const audio = /Stream #\d+:\d+.*?: Audio: (\w+)[^,]*, (\d+) Hz, ([^,]+)/.exec(run.stderr);
	if (!audio) throw new UnsupportedMediaError('no audio stream found');
	const duration = /Duration: (\d+:\d+:[\d.]+)/.exec(run.stderr);
	const layout = audio[3]!.trim();
	const channels =
		layout === 'mono' ? 1 : layout === 'stereo' ? 2 : Number.parseInt(layout, 10) || 2;
	return {
		durationSeconds: duration ? hms(duration[1]!) : 0,
		sampleRate: Number(audio[2]),
		channels,
		format: audio[1]!,
	};
}
