import { en } from './messages/en';
import { ptBR } from './messages/pt-BR';
import { getLocale } from './locale.svelte';
import type { CatalogueLike, Locale, Message, ParamsOf, PluralMessage } from './types';

type English = typeof en;
export type MessageKey = keyof English;

const catalogues: Record<Locale, CatalogueLike<English>> = { en, 'pt-BR': ptBR };
const plurals = new Map<Locale, Intl.PluralRules>();

type Args<K extends MessageKey> = [ParamsOf<English[K]>] extends [never]
	? []
	: [params: Record<ParamsOf<English[K]>, string | number>];

function pick(message: PluralMessage, locale: Locale, count: number): string {
	if (count === 0 && message.zero !== undefined) return message.zero;
	let rules = plurals.get(locale);
	if (!rules) plurals.set(locale, (rules = new Intl.PluralRules(locale)));
	return rules.select(count) === 'one' ? message.one : message.other;
}

/**
 * The message `key` in the current language, placeholders filled. Reading the locale makes
 * the call reactive in components: switching language re-renders every message.
 */
export function t<K extends MessageKey>(key: K, ...args: Args<K>): string {
	const locale = getLocale();
	const message: Message = catalogues[locale][key] ?? en[key];
	const params = (args[0] ?? {}) as Record<string, string | number>;
	const text =
		typeof message === 'string' ? message : pick(message, locale, Number(params.count ?? 0));
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
	});
}
