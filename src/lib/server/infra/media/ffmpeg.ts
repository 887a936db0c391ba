import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FfmpegUnavailableError } from './errors';

/** Where ffmpeg came from: FFMPEG_PATH, the system's PATH, or the npm package's static build. */
export type FfmpegSource = 'env' | 'system' | 'bundled';

/** Why the bundled build is the last resort (docs/decisions/0006-bundled-ffmpeg.md). */
export const BUNDLED_FFMPEG_WARNING =
	'Using the bundled ffmpeg, a 2018 build with known security flaws: install a maintained ffmpeg (e.g. `apt install ffmpeg`) or set FFMPEG_PATH';

/** An executable `ffmpeg` on PATH, or undefined. */
function ffmpegOnPath(): string | undefined {
	const name = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			if (fs.statSync(candidate).isFile()) return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

export interface FfmpegLocation {
	path: string;
	source: FfmpegSource;
}

export interface FfmpegInfo extends FfmpegLocation {
	/** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6 …". */
	version: string;
}

/**
 * FFMPEG_PATH wins; then a maintained ffmpeg on PATH (a distribution's, patched for its CVEs);
 * the static binary shipped in @ffmpeg-installer/ffmpeg only when there is neither.
 */
export function ffmpegLocation(): FfmpegLocation {
	const fromEnv = process.env.FFMPEG_PATH?.trim();
	if (fromEnv) return { path: fromEnv, source: 'env' };
	const system = ffmpegOnPath();
	if (system) return { path: system, source: 'system' };
	try {
		// Resolved at run time (not imported) so bundlers leave it alone, and so an unsupported
		// platform, where the package throws on load, becomes a typed error here.
		const require = createRequire(import.meta.url);
		const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
		return { path: installer.path, source: 'bundled' };
	} catch (cause) {
		throw new FfmpegUnavailableError(
			'ffmpeg not found: set FFMPEG_PATH or install @ffmpeg-installer/ffmpeg',
			{ cause },
		);
	}
}

const versions = new Map<string, Promise<string>>();

function readVersion(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(path, ['-hide_banner', '-version'], { timeout: 10_000 }, (error, stdout) => {
			if (error) {
				reject(new FfmpegUnavailableError(`cannot run ffmpeg at ${path}: ${error.message}`));
			} else resolve((stdout.split('\n')[0] ?? '').trim());
		});
	});
}

/** Where ffmpeg is, where that came from, and its version (for the doctor command). */
export async function resolveFfmpeg(): Promise<FfmpegInfo> {
	const location = ffmpegLocation();
	let version = versions.get(location.path);
	if (!version) {
		version = readVersion(location.path);
		versions.set(location.path, version);
		version.catch(() => versions.delete(location.path));
	}
	return { ...location, version: await version };
}

export interface FfmpegRun {
	exitCode: number | null;
	stderr: string;
}

const STDERR_LIMIT = 16 * 1024;

/**
 * Runs ffmpeg without a shell, streaming stdout to `onStdout`. Keeps the tail of stderr (corrupt
 * input can print thousands of lines). Aborting kills the process and rejects with the
 * signal's reason (typed `any` by the DOM library; an AbortError unless abort() was given one).
 */
export function runFfmpeg(
	args: string[],
	options: { signal?: AbortSignal; onStdout: (chunk: Buffer) => void },
): Promise<FfmpegRun> {
	const { path } = ffmpegLocation();
	return new Promise((resolve, reject) => {
		const child = spawn(path, args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			signal: options.signal,
			windowsHide: true,
		});
		let stderr = '';
		child.stdout.on('data', options.onStdout);
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (text: string) => {
			stderr = (stderr + text).slice(-STDERR_LIMIT);
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (options.signal?.aborted) reject(options.signal.reason as Error);
			else if (error.code === 'ENOENT' || error.code === 'EACCES') {
				reject(new FfmpegUnavailableError(`cannot run ffmpeg at ${path}: ${error.code}`));
			} else reject(error);
		});
		child.on('close', (exitCode) => {
			if (options.signal?.aborted) reject(options.signal.reason as Error);
			else resolve({ exitCode, stderr });
		});
	});
}

const NOISE = [
	/^Conversion failed!?$/i,
	/^Exiting normally/i,
	/^Error opening (input|output) files?/i,
	/^Error while opening encoder/i,
];
/** errno-style summaries; a more specific line before them explains more. */
const GENERIC = /^(Invalid argument|End of file|Operation not permitted|Input\/output error)$/i;

function clean(line: string, inputPath?: string): string {
	const withoutPath = inputPath ? line.split(inputPath).join('input') : line;
	return withoutPath
		.replace(/^input: /, '')
		.replace(/^\[([\w-]+) @ 0x[0-9a-f]+\]\s*/, '$1: ')
		.replace(/^Output file #0 does not contain any stream$/, 'no audio stream found');
}

/** ffmpeg's last stderr line that says what went wrong, with the input path stripped out. */
export function meaningfulStderrLine(stderr: string, inputPath?: string): string | null {
	const lines = stderr
		.split(/\r?\n/)
		.map((line) => clean(line.trim(), inputPath))
		.filter((line) => line && !NOISE.some((re) => re.test(line)));
	const specific = lines.filter((line) => !GENERIC.test(line));
	return specific.at(-1) ?? lines.at(-1) ?? null;
}
