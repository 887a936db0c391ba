import { LOCALES, type Locale } from './types';

export const LOCALE_COOKIE = 'meetingscribe-locale';

/** The first supported language in a preference list (`pt`, `pt-PT` → pt-BR; others → en). */
export function pickLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const lower = tag.trim().toLowerCase();
		const exact = LOCALES.find((l) => l.toLowerCase() === lower);
		if (exact) return exact;
		const base = lower.split('-')[0];
		if (base === 'pt') return 'pt-BR';
		if (base === 'en') return 'en';
	}
	return 'en';
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** An Accept-Language header as a preference list, best first (q-values honoured). */
export function parseAcceptLanguage(header: string | null): string[] {
	if (!header) return [];
	return header
		.split(',')
		.map((part, i) => {
			const [tag = '', ...rest] = part.trim().split(';');
			const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
			return { tag: tag.trim(), q: q ? Number(q) : 1, i };
		})
		.filter((x) => x.tag && x.tag !== '*' && x.q > 0)
		.sort((a, b) => b.q - a.q || a.i - b.i)
		.map((x) => x.tag);
}
