export { t, type MessageKey } from './translate';
export { getLocale, setLocale, chooseLocale, savedChoice } from './locale.svelte';
export { pickLocale, parseAcceptLanguage, isLocale, LOCALE_COOKIE } from './negotiate';
export {
	formatBytes,
	formatClock,
	formatDateTime,
	formatDuration,
	formatLanguage,
	formatPercent,
} from './format';
export { LOCALES, type Locale } from './types';
