/**
 * Opens any audio or video file as 16 kHz PCM on disk, without holding it in memory: a WAV at
 * 16 kHz (our recordings, any size, RF64 or with an unfinished header) is read where it lies;
 * another WAV is resampled block by block, and anything else is decoded by ffmpeg through a pipe,
 * into a scratch file that `dispose` deletes (docs/decisions/0016-streamed-audio.md).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openPcmFile, type PcmFile } from './audio-source';
import { readHead } from './probe';
import { safeInputArgs } from './containers';
import { UnsupportedMediaError } from './errors';
import { meaningfulStderrLine, runFfmpeg } from './ffmpeg';
import type { WavFormat } from './format';
import { resampledLength, resampleInputSpan, resampleRange } from './resample';
import { isWav, readWavLayout, WavFormatError } from './wav';
import { MODEL_SAMPLE_RATE } from '../../../contracts/audio-format';

/** Enough for any header we meet (ffmpeg's, a recorder's, one with LIST/bext chunks). */
const HEAD_BYTES = 1 << 20;
const SCRATCH_NAME = /^decode-(\d+)-[0-9a-f-]{36}\.pcm$/;
/** Output samples per channel resampled at a time (30 s): a few MB whatever the file's length. */
const RESAMPLE_BLOCK = 30 * MODEL_SAMPLE_RATE;

export interface OpenedAudio {
	/** Where the 16 kHz PCM lies (the input itself, or the scratch file). */
	file: PcmFile;
	channels: number;
	durationSeconds: number;
	/** Deletes the scratch file, if one was made; safe to call twice. */
	dispose(): Promise<void>;
}

export interface OpenAudioOptions {
	/** Folder for the scratch file (the data folder's tmp). */
	scratchDir: string;
	signal?: AbortSignal;
}

/** The PCM of a WAV file from its head and size; null when ffmpeg should read it instead. */
function wavPcm(path: string, head: Buffer, size: number): PcmFile | null {
	try {
		const layout = readWavLayout(head);
		const rest = Math.max(0, size - layout.dataOffset);
		const declared = layout.declaredBytes;
		const bytes = declared === null ? rest : Math.min(declared, rest);
		const { format } = layout;
		return {
			path,
			dataOffset: layout.dataOffset,
			frames: Math.floor(bytes / format.blockAlign),
			format,
		};
	} catch (error) {
		if (error instanceof WavFormatError) return null;
		throw error;
	}
}

/** The 16 kHz float format of scratch files. */
function scratchFormat(channels: number): WavFormat {
	return {
		sampleFormat: 'float',
		bitsPerSample: 32,
		channels,
		sampleRate: MODEL_SAMPLE_RATE,
		blockAlign: channels * 4,
	};
}

/** Resamples a WAV into `scratch` (raw interleaved float32), 30 s of output at a time. */
async function resampleWav(
	source: PcmFile,
	scratch: string,
	signal?: AbortSignal,
): Promise<PcmFile> {
	const from = source.format.sampleRate;
	const length = resampledLength(source.frames, from, MODEL_SAMPLE_RATE);
	const input = openPcmFile(source);
	const out = await open(scratch, 'wx');
	try {
		const channels = source.format.channels;
		for (let n0 = 0; n0 < length; n0 += RESAMPLE_BLOCK) {
			signal?.throwIfAborted();
			const n1 = Math.min(length, n0 + RESAMPLE_BLOCK);
			const span = resampleInputSpan(n0, n1, from, MODEL_SAMPLE_RATE);
			const a = Math.max(0, span.first);
			const pieces = Array.from({ length: channels }, (_, c) =>
				resampleRange(
					input.track(c).read(a, span.last + 1),
					a,
					source.frames,
					from,
					MODEL_SAMPLE_RATE,
					n0,
					n1,
				),
			);
			const block = new Float32Array((n1 - n0) * channels);
			for (let c = 0; c < channels; c++) {
				const piece = pieces[c]!;
				for (let i = 0; i < piece.length; i++) block[i * channels + c] = piece[i]!;
			}
			await out.write(new Uint8Array(block.buffer));
		}
	} finally {
		input.close();
		await out.close();
	}
	return {
		path: scratch,
		dataOffset: 0,
		frames: length,
		format: scratchFormat(source.format.channels),
	};
}

/** ffmpeg decodes and resamples to a pipe; its WAV output goes to `scratch` as it arrives. */
async function decodeWithFfmpeg(
	path: string,
	scratch: string,
	signal?: AbortSignal,
): Promise<PcmFile> {
	// WAV (not raw f32le) so the channel count arrives in the header: no probe run needed.
	const args = ['-nostdin', '-hide_banner', '-v', 'error', ...(await safeInputArgs(path))];
	args.push('-vn', '-sn', '-dn');
	args.push('-ar', String(MODEL_SAMPLE_RATE), '-c:a', 'pcm_f32le', '-f', 'wav', 'pipe:1');
	const fd = fs.openSync(scratch, 'wx');
	const failed: { write?: Error } = {};
	let run;
	try {
		run = await runFfmpeg(args, {
			signal,
			onStdout: (chunk) => {
				if (failed.write) return;
				try {
					// Synchronous: chunks stay in order, and a slow disk slows the pipe instead of
					// piling chunks up in memory.
					fs.writeSync(fd, chunk);
				} catch (error) {
					failed.write = error as Error;
				}
			},
		});
	} finally {
		fs.closeSync(fd);
	}
	signal?.throwIfAborted();
	if (failed.write) throw failed.write;
	if (run.exitCode !== 0) {
		const reason = meaningfulStderrLine(run.stderr, path) ?? `ffmpeg exited with ${run.exitCode}`;
		throw new UnsupportedMediaError(reason);
	}
	const { size } = await stat(scratch);
	const head = await readHead(scratch, HEAD_BYTES);
	if (size === 0) throw new UnsupportedMediaError('no audio stream found');
	const pcm = wavPcm(scratch, head, size);
	if (!pcm) throw new UnsupportedMediaError('unreadable ffmpeg output');
	return pcm;
}

/**
 * Opens `input` as 16 kHz PCM on disk. Corrupt, empty or non-audio input throws
 * UnsupportedMediaError; a missing file the fs error (ENOENT); a missing ffmpeg
 * FfmpegUnavailableError; an abort rejects with the signal's reason. Any scratch file is gone
 * when this throws.
 */
export async function openAudio(input: string, options: OpenAudioOptions): Promise<OpenedAudio> {
	const { signal } = options;
	signal?.throwIfAborted();
	// Absolute, so a name starting with '-' or 'xyz:' is never read as an option or a protocol.
	const path = resolve(input);
	const { size } = await stat(path);
	if (size === 0) throw new UnsupportedMediaError('empty input');
	const head = await readHead(path, HEAD_BYTES);
	const native = isWav(head) ? wavPcm(path, head, size) : null;
	if (native && native.frames === 0) throw new UnsupportedMediaError('no audio samples decoded');
	if (native && native.format.sampleRate === MODEL_SAMPLE_RATE) return opened(native, null);
	signal?.throwIfAborted();
	const scratch = join(options.scratchDir, `decode-${process.pid}-${randomUUID()}.pcm`);
	try {
		const file = native
			? await resampleWav(native, scratch, signal)
			: await decodeWithFfmpeg(path, scratch, signal);
		if (file.frames === 0) throw new UnsupportedMediaError('no audio samples decoded');
		return opened(file, scratch);
	} catch (error) {
		await rm(scratch, { force: true });
		throw error;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Deletes the scratch files in `dir` that processes no longer running left (a crash, a kill):
 * each name carries its process id, so that another process sharing the folder keeps its own.
 */
export function removeStaleScratch(dir: string): void {
	let names: string[];
	try {
		names = fs.readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const pid = SCRATCH_NAME.exec(name)?.[1];
		if (pid && !alive(Number(pid))) fs.rmSync(join(dir, name), { force: true });
	}
}

function opened(file: PcmFile, scratch: string | null): OpenedAudio {
	return {
		file,
		channels: file.format.channels,
		durationSeconds: file.frames / MODEL_SAMPLE_RATE,
		dispose: async () => {
			if (scratch) await rm(scratch, { force: true });
		},
	};
}
