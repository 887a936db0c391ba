/**
 * The one filename sanitizer. Names given by clients (uploads, recording titles) or made from
 * titles (exports) are only ever labels: files on disk are named by id. A label still ends up in
 * Content-Disposition headers and in the files people save, so it must be a single harmless path
 * segment: no separators, characters Windows refuses, control characters (C0, DEL, C1) or the
 * invisible bidi/format marks that can disguise a name (`evil\u202Egpj.exe`).
 */
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** Cuts to at most `max` UTF-16 units without leaving half of a surrogate pair. */
function cut(s: string, max: number): string {
	return s.length <= max ? s : s.slice(0, max).replace(/[\ud800-\udbff]$/, '');
}

/**
 * A safe label: unsafe runs become `_`, whitespace is collapsed, leading dots and trailing dots
 * or spaces go (no hidden files, nothing Windows trims), at most `maxLength` UTF-16 units;
 * `fallback` when nothing is left.
 */
export function sanitizeFileName(name: string, maxLength: number, fallback: string): string {
	const clean = name
		.normalize('NFC')
		.replace(UNSAFE, '_')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^[\s.]+/, '');
	return cut(clean, maxLength).replace(/[\s.]+$/, '') || fallback;
}

/** Longest recording title, in UTF-16 units. */
export const MAX_TITLE_LENGTH = 200;

/** A recording's title when nobody gave one: its file name without the extension, made safe. */
export function titleFromFilename(filename: string): string {
	return sanitizeFileName(
		filename.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
		MAX_TITLE_LENGTH,
		'Recording',
	);
}
