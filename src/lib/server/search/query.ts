/**
 * User input → an FTS5 query. Nothing the user types reaches FTS5 as syntax: every word becomes
 * a quoted string (FTS5's own tokenizer then splits it as it split the text), so quotes,
 * operators (AND, NEAR, `-`, `^`, `:`), parentheses and column filters are just text.
 * "Double-quoted" runs stay phrases; the last word, while it is being typed, matches as a prefix.
 */

/** More terms than this are dropped: a query is a few words, not a document. */
const MAX_TERMS = 32;

/** Runs of letters, digits and combining marks: what the unicode61 tokenizer keeps. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

const words = (s: string): string[] => s.match(WORD) ?? [];
const quoted = (tokens: string[]) => `"${tokens.join(' ')}"`;

/** The FTS5 query for a search box's text, or null when it holds no word to look for. */
export function toFtsQuery(input: string): string | null {
	const terms: string[] = [];
	let rest = input;
	for (const m of input.matchAll(/"([^"]*)"/g)) {
		const tokens = words(m[1] ?? '');
		if (tokens.length) terms.push(quoted(tokens));
		rest = rest.replace(m[0], ' ');
	}
	const bare = words(rest);
	// The last word is still being typed unless a space or a quote ended it.
	const typing = bare.length > 0 && !/[\s"]$/.test(input) && input.trimEnd().endsWith(bare.at(-1)!);
	bare.forEach((w, i) => terms.push(quoted([w]) + (typing && i === bare.length - 1 ? '*' : '')));
	return terms.length ? terms.slice(0, MAX_TERMS).join(' AND ') : null;
}
