import { getLocale } from './locale.svelte';

/** Dates, durations, sizes and percentages in the current language, through Intl. */

export function formatDateTime(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
		d,
	);
}

/** A media position: 75.4 → "1:15", 3725 → "1:02:05" (the same in every language). */
export function formatClock(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A length of time in words: "1 hr, 2 min" / "1 h e 2 min"; under a minute, seconds. */
export function formatDuration(seconds: number): string {
	const locale = getLocale();
	const s = Math.max(0, Math.round(seconds));
	const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
		new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
	if (s < 60) return unit(s, 'second');
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const parts = h > 0 ? [unit(h, 'hour'), ...(m ? [unit(m, 'minute')] : [])] : [unit(m, 'minute')];
	return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}

export function formatBytes(n: number): string {
	const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
	let value = n;
	let i = 0;
	while (value >= 1024 && i < units.length - 1) {
		value /= 1024;
		i += 1;
	}
	return new Intl.NumberFormat(getLocale(), {
		style: 'unit',
		unit: units[i],
		unitDisplay: 'short',
		maximumFractionDigits: i >= 2 ? 1 : 0,
	}).format(value);
}

export function formatPercent(fraction: number): string {
	return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(
		Math.min(1, Math.max(0, fraction)),
	);
}

/** A language code as its name in the current language ("pt" → "Portuguese" / "português"). */
export function formatLanguage(code: string): string {
	try {
		return new Intl.DisplayNames(getLocale(), { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** Items joined as the language does: "a and b", "a, b and c" / "a e b". */
export function formatList(items: readonly string[]): string {
	return new Intl.ListFormat(getLocale(), { style: 'long', type: 'conjunction' }).format(items);
}
