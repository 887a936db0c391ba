import { SEARCH_MARK } from '../infra/db/repositories/search';

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

/** A snippet from the index as safe HTML: the text escaped, hits in `<mark>`. */
export function snippetHtml(raw: string): string {
	return raw
		.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
		.replaceAll(SEARCH_MARK.open, '<mark>')
		.replaceAll(SEARCH_MARK.close, '</mark>');
}
