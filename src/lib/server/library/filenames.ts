import { sanitizeFileName } from '../infra/storage/filenames';

/** A display filename stem from a title (exports and downloads). */
export function safeFileStem(title: string): string {
	return sanitizeFileName(title, 120, 'transcript');
}
