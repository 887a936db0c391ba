import { LOCALE_COOKIE, isLocale, pickLocale } from './negotiate';
import type { Locale } from './types';

/**
 * The language the app speaks. One per page load: on the server the layout sets it from the
 * request (cookie, then Accept-Language) before anything renders, synchronously, so concurrent
 * requests cannot see each other's; in the browser it is the same value, then the user's choice.
 */
const current = $state<{ locale: Locale }>({ locale: 'en' });

export function getLocale(): Locale {
	return current.locale;
}

export function setLocale(locale: Locale): void {
	current.locale = locale;
	if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The manual choice in Settings: a language, or null to follow the browser's. */
export function chooseLocale(choice: Locale | null): void {
	if (typeof document === 'undefined') return;
	const year = 60 * 60 * 24 * 365;
	document.cookie = choice
		? `${LOCALE_COOKIE}=${choice}; path=/; max-age=${year}; samesite=lax`
		: `${LOCALE_COOKIE}=; path=/; max-age=0; samesite=lax`;
	setLocale(choice ?? pickLocale(navigator.languages));
}

/** The saved manual choice, read from the cookie in the browser (null: follow the browser). */
export function savedChoice(): Locale | null {
	if (typeof document === 'undefined') return null;
	const m = new RegExp(`(?:^|; )${LOCALE_COOKIE}=([^;]*)`).exec(document.cookie);
	return m && isLocale(m[1]) ? m[1] : null;
}
