const MAX_LENGTH = 200;
// Path separators, characters Windows refuses, control characters (C0, DEL, C1) and the
// invisible bidi/format marks that can disguise a name.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g;

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
	const name = (requested ?? '')
		.normalize('NFC')
		.replace(UNSAFE, '_')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/\.wav$/i, '')
		.replace(/^[\s._]+|[\s.]+$/g, '');
	if (!name) return autoRecordingName(now);
	// Cut to length without leaving half of a surrogate pair.
	return `${name.slice(0, MAX_LENGTH - 4).replace(/[\ud800-\udbff]$/, '')}.wav`;
}
