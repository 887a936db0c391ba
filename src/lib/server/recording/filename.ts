import { sanitizeFileName } from '../infra/storage/filenames';

const MAX_LENGTH = 200;

const pad = (n: number) => String(n).padStart(2, '0');

/** `recording-YYYYMMDD-HHMMSS.wav` (UTC). */
export function autoRecordingName(now = new Date()): string {
	const d = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
	const t = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
	return `recording-${d}-${t}.wav`;
}

/**
 * A display name for a recording from what the client asked for: one path segment without
 * separators or control characters, not hidden, ending in .wav. It is only ever a label; files
 * on disk are named by id.
 */
export function recordingFilename(requested: string | undefined, now = new Date()): string {
	const stem = sanitizeFileName((requested ?? '').replace(/\.wav\s*$/i, ''), MAX_LENGTH - 4, '')
		// A leading `_` would be what is left of a path like `../x`.
		.replace(/^[_.]+/, '');
	return stem ? `${stem}.wav` : autoRecordingName(now);
}
