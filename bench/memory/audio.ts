import { execFileSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';

const SPEECH = path.resolve(
	import.meta.dirname,
	'..',
	'..',
	'test',
	'fixtures',
	'audio',
	'speech.wav',
);

/**
 * A stereo recording like our recorder's (16 kHz, 16-bit) of `seconds`, written by ffmpeg
 * straight to disk (never held in memory): the test clip on the microphone and, quieter, on the
 * tab once every `everyS` seconds, silence between, so the VAD leaves little for Whisper.
 * An existing file is reused.
 */
export function meetingWav(ffmpeg: string, dir: string, seconds: number, everyS = 600): string {
	const file = path.join(dir, `meeting-${seconds}s.wav`);
	if (existsSync(file)) return file;
	const tmp = `${file}.partial-${process.pid}.wav`;
	const period = Math.min(everyS, seconds);
	execFileSync(ffmpeg, [
		...['-nostdin', '-v', 'error', '-y'],
		...['-i', SPEECH],
		// The clip padded with silence to one period, looped for the whole length.
		...[
			'-filter_complex',
			`[0:a]aresample=16000,apad=whole_len=${period * 16000},atrim=0:${period},` +
				`aloop=loop=-1:size=${period * 16000},pan=stereo|c0=c0|c1=0.3*c0[out]`,
		],
		...['-map', '[out]', '-t', String(seconds), '-ar', '16000', '-c:a', 'pcm_s16le'],
		...['-rf64', 'auto', tmp],
	]);
	renameSync(tmp, file);
	return file;
}
