import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UnsupportedMediaError } from './errors';
import { safeInputArgs } from './containers';
import { meaningfulStderrLine, runFfmpeg } from './ffmpeg';
import { downmixToMono, resample } from './resample';
import { isWav, parseWav, WavFormatError } from './wav';
import { WavStreamReader } from './wav-stream';
import { MODEL_SAMPLE_RATE } from '../../../contracts/audio-format';

export { UnsupportedMediaError, FfmpegUnavailableError } from './errors';
export { resolveFfmpeg } from './ffmpeg';

export const TARGET_RATE = MODEL_SAMPLE_RATE;

export interface DecodedAudio {
	/** Mono (the average of all channels), 16 kHz, [-1, 1]. */
	samples: Float32Array;
	sampleRate: typeof TARGET_RATE;
	durationSeconds: number;
	/** Each original channel at 16 kHz; for our stereo recordings 0 = mic, 1 = tab. */
	channels: Float32Array[];
}

export interface DecodeOptions {
	signal?: AbortSignal;
}

function finish(channels: Float32Array[], sampleRate: number): DecodedAudio {
	const at16k = channels.map((channel) => resample(channel, sampleRate, TARGET_RATE));
	const samples = downmixToMono(at16k);
	if (samples.length === 0) throw new UnsupportedMediaError('no audio samples decoded');
	return {
		samples,
		sampleRate: TARGET_RATE,
		durationSeconds: samples.length / TARGET_RATE,
		channels: at16k,
	};
}

/** Plain PCM/float WAV is read natively; null means "let ffmpeg try" (e.g. ADPCM, μ-law). */
function tryNativeWav(bytes: Uint8Array): DecodedAudio | null {
	try {
		const wav = parseWav(bytes);
		return finish(wav.channels, wav.sampleRate);
	} catch (error) {
		if (error instanceof WavFormatError) return null;
		throw error;
	}
}

async function decodeWithFfmpeg(file: string, signal?: AbortSignal): Promise<DecodedAudio> {
	// Absolute, so a name starting with '-' or 'xyz:' is never read as an option or a protocol.
	const path = resolve(file);
	const reader = new WavStreamReader();
	let parseError: unknown = null;
	// WAV on stdout (not raw f32le) so the channel count arrives in the header: no probe run needed.
	const args = ['-nostdin', '-hide_banner', '-v', 'error', ...(await safeInputArgs(path))];
	args.push('-vn', '-sn', '-dn');
	args.push('-ar', String(TARGET_RATE), '-c:a', 'pcm_f32le', '-f', 'wav', 'pipe:1');
	const run = await runFfmpeg(args, {
		signal,
		onStdout: (chunk) => {
			if (parseError) return;
			try {
				reader.push(chunk);
			} catch (error) {
				parseError = error;
			}
		},
	});
	signal?.throwIfAborted();
	if (run.exitCode !== 0) {
		const reason = meaningfulStderrLine(run.stderr, path) ?? `ffmpeg exited with ${run.exitCode}`;
		throw new UnsupportedMediaError(reason);
	}
	if (parseError)
		throw new UnsupportedMediaError('unreadable ffmpeg output', { cause: parseError });
	const format = reader.wavFormat;
	if (!format) throw new UnsupportedMediaError('no audio stream found');
	return finish(reader.channels(), format.sampleRate);
}

async function decodeBuffer(input: Buffer, signal?: AbortSignal): Promise<DecodedAudio> {
	if (input.length === 0) throw new UnsupportedMediaError('empty input');
	if (isWav(input)) {
		const native = tryNativeWav(input);
		if (native) return native;
	}
	// A temp file rather than stdin: MP4/MOV with the index at the end need a seekable input.
	const dir = await mkdtemp(join(tmpdir(), 'meetingscribe-decode-'));
	try {
		const path = join(dir, 'input');
		await writeFile(path, input);
		return await decodeWithFfmpeg(path, signal);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

async function startsLikeWav(path: string): Promise<boolean> {
	const file = await open(path, 'r');
	try {
		const head = Buffer.alloc(12);
		const { bytesRead } = await file.read(head, 0, 12, 0);
		return isWav(head.subarray(0, bytesRead));
	} finally {
		await file.close();
	}
}

/**
 * Decodes any audio or video file (or its bytes) to 16 kHz float PCM, whole, in memory: for
 * short audio and tests. Transcriptions use `openAudio` (audio-file.ts), which reads from disk
 * window by window and gives the same samples. Corrupt, empty or
 * non-audio input throws UnsupportedMediaError; a missing file throws the fs error (ENOENT);
 * a missing ffmpeg throws FfmpegUnavailableError; an abort rejects with the signal's reason.
 */
export async function decodeToPcm16kMono(
	input: string | Buffer,
	options: DecodeOptions = {},
): Promise<DecodedAudio> {
	const { signal } = options;
	signal?.throwIfAborted();
	if (typeof input !== 'string') return decodeBuffer(input, signal);
	const { size } = await stat(input);
	if (size === 0) throw new UnsupportedMediaError('empty input');
	if (await startsLikeWav(input)) {
		const native = tryNativeWav(await readFile(input));
		if (native) return native;
	}
	signal?.throwIfAborted();
	return decodeWithFfmpeg(input, signal);
}
