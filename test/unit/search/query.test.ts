import { describe, expect, it } from 'vitest';
import { snippetHtml, toFtsQuery } from '../../../src/lib/server/search';

describe('search query', () => {
	it('quotes every word, keeps "phrases", and matches the word being typed as a prefix', () => {
		expect(toFtsQuery('road map')).toBe('"road" AND "map"*');
		expect(toFtsQuery('road map ')).toBe('"road" AND "map"');
		expect(toFtsQuery('"third quarter" plan')).toBe('"third quarter" AND "plan"*');
	});

	it('turns operators and punctuation into plain words, or into nothing', () => {
		expect(toFtsQuery('a AND NOT b')).toBe('"a" AND "AND" AND "NOT" AND "b"*');
		expect(toFtsQuery('text:secret NEAR(x)')).toBe('"text" AND "secret" AND "NEAR" AND "x"');
		expect(toFtsQuery('"')).toBeNull();
		expect(toFtsQuery('*** ---')).toBeNull();
		expect(toFtsQuery('reunião 日本語')).toBe('"reunião" AND "日本語"*');
	});

	it('renders snippets as escaped HTML with marks only where the index put them', () => {
		expect(snippetHtml('say \uE000<b>\uE001 & "go"')).toBe(
			'say <mark>&lt;b&gt;</mark> &amp; &quot;go&quot;',
		);
	});
});
