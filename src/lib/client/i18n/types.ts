/** A message: plain text with `{name}` placeholders, or plural forms chosen by `{count}`. */
export type PluralMessage = {
	readonly one: string;
	readonly other: string;
	readonly zero?: string;
};
export type Message = string | PluralMessage;

/** The placeholders a message names, as a union of their names. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}`
	? P | Placeholders<Rest>
	: never;

export type ParamsOf<M> = M extends PluralMessage
	? Placeholders<M['one'] | M['other']> | 'count'
	: Placeholders<M>;

/** Another language's catalogue: every key of the English one, each a message of the same kind. */
export type CatalogueLike<T> = {
	readonly [K in keyof T]: T[K] extends PluralMessage ? PluralMessage : string;
};

export const LOCALES = ['en', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];
