export { t, tParts, type MessageKey, type MessagePart } from './translate';
export { getLocale, setLocale, chooseLocale, savedChoice } from './locale.svelte';
export { pickLocale, parseAcceptLanguage, isLocale, LOCALE_COOKIE } from './negotiate';
export {
	formatBytes,
	formatClock,
	formatDateTime,
	formatDuration,
	formatLanguage,
	formatList,
	formatPercent,
} from './format';
export { LOCALES, type Locale } from './types';
