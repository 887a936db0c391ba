/** A display filename from a title: no path separators, reserved or control characters. */
export function safeFileStem(title: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are what is removed
	const stem = title.replace(/[\u0000-\u001F\u007F/\\:*?"<>|]+/g, '_').replace(/^[.\s]+/, '');
	return Array.from(stem).slice(0, 120).join('').trim() || 'transcript';
}
