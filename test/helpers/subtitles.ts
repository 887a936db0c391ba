import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ReadCue {
	start: number;
	end: number;
	text: string;
}

const ms = (t: string) => {
	const [h, m, rest] = t.split(':');
	const [s, frac] = (rest ?? '').split(/[,.]/);
	return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(frac);
};

/** Parses SRT text (as ffmpeg writes it) into cues, times in milliseconds. */
export function parseSrt(text: string): ReadCue[] {
	return text
		.replace(/\r/g, '')
		.split(/\n\n+/)
		.map((block) => block.trim().split('\n'))
		.filter((lines) => lines.length >= 2)
		.map(([, timing = '', ...body]) => {
			const [start = '', end = ''] = timing.split(' --> ');
			return { start: ms(start), end: ms(end), text: body.join('\n') };
		});
}

/**
 * Reads a subtitle file with ffmpeg, an independent parser, and returns the cues it understood
 * (re-written by ffmpeg as SRT). Throws with ffmpeg's message when it cannot read the file.
 */
export function readWithFfmpeg(content: string | Buffer, ext: 'srt' | 'vtt'): ReadCue[] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meetingscribe-subs-'));
	try {
		const file = path.join(dir, `input.${ext}`);
		fs.writeFileSync(file, content);
		const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'srt', '-'], {
			encoding: 'utf8',
		});
		return parseSrt(out);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
