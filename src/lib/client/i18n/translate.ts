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
	const params = (args[0] ?? {}) as Record<string, string | number>;
	return tParts(key, params)
		.map((p) => p.text ?? `{${p.slot}}`)
		.join('');
}

/** A piece of a message: text, or a placeholder left for the component to fill with markup. */
export type MessagePart = { text: string; slot?: undefined } | { slot: string; text?: undefined };

/**
 * The message `key` in pieces, so a component can put markup (a link, <strong>, <code>) where
 * the translation places it: placeholders given in `params` are filled, the others are slots.
 */
export function tParts<K extends MessageKey>(
	key: K,
	params: Partial<Record<ParamsOf<English[K]>, string | number>> = {},
): MessagePart[] {
	const locale = getLocale();
	const message: Message = catalogues[locale][key] ?? en[key];
	const values = params as Record<string, string | number | undefined>;
	const text =
		typeof message === 'string' ? message : pick(message, locale, Number(values.count ?? 0));
	return text.split(/(\{\w+\})/).flatMap((piece, i): MessagePart[] => {
		if (i % 2 === 0) return piece ? [{ text: piece }] : [];
		const name = piece.slice(1, -1);
		const value = values[name];
		if (value === undefined) return [{ slot: name }];
		return [
			{ text: typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value },
		];
	});
}
