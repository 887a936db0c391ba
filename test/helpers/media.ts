import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { wavHeader } from '../../src/lib/server/infra/media/wav';

/** Writes 16 kHz 16-bit PCM samples (one array per channel) as a WAV file. */
export function writePcmWav(file: string, channels: Float32Array[], sampleRate = 16000): string {
	const frames = channels[0]!.length;
	const pcm = Buffer.alloc(frames * channels.length * 2);
	for (let i = 0; i < frames; i++) {
		channels.forEach((ch, c) => {
			const v = Math.max(-1, Math.min(1, ch[i]!));
			pcm.writeInt16LE(Math.round(v * 32767), (i * channels.length + c) * 2);
		});
	}
	fs.writeFileSync(
		file,
		Buffer.concat([
			wavHeader({ sampleRate, channels: channels.length, dataBytes: pcm.length }),
			pcm,
		]),
	);
	return file;
}

/** Encodes a WAV into another format with the bundled ffmpeg (e.g. `mp3`, `webm`, `m4a`). */
export function encode(wav: string, ext: string): string {
	const out = path.join(path.dirname(wav), `${path.parse(wav).name}.${ext}`);
	execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-i', wav, out]);
	return out;
}
