const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 8187 encoding: percent-encode everything outside attr-char. */
const encodeExt = (s: string) =>
	encodeURIComponent(s).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/**
 * A Content-Disposition value (RFC 6266): an ASCII `filename` for old clients (accents folded,
 * anything else replaced) and the exact name, UTF-8, in `filename*`.
 */
export function contentDisposition(
	filename: string,
	type: 'attachment' | 'inline' = 'attachment',
): string {
	const name = filename.replace(LONE_SURROGATE, '_');
	const fallback =
		name
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^\x20-\x7E]|["\\]/gu, '_')
			.trim() || 'download';
	return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeExt(name)}`;
}
