/** An inclusive byte range of a file. */
export interface ByteRange {
	start: number;
	end: number;
}

/**
 * Parses a Range header against a file of `size` bytes (RFC 9110 §14). Returns the range to
 * send, 'unsatisfiable' (answer 416), or null to send the whole file: no header, another unit,
 * a syntax error, or several ranges (which a server may serve whole).
 */
export function parseRange(
	header: string | null,
	size: number,
): ByteRange | 'unsatisfiable' | null {
	if (!header) return null;
	const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
	if (!m) return null;
	const [, first = '', last = ''] = m;
	if (first === '' && last === '') return null;
	if (first === '') {
		// Suffix range: the last N bytes.
		const n = Number(last);
		if (n === 0 || size === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - n), end: size - 1 };
	}
	const start = Number(first);
	if (last !== '' && Number(last) < start) return null;
	if (start >= size) return 'unsatisfiable';
	const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
	return { start, end };
}
