import { describe, expect, it } from 'vitest';
import { exportRequestSchema, paginationQuerySchema } from '../../../src/lib/contracts/files';
import { wrap } from '../../../src/lib/server/library/export/cues';
import { cleanText } from '../../../src/lib/server/library/export/text';
import { clock, formatDuration } from '../../../src/lib/server/infra/time';
import { contentDisposition } from '../../../src/lib/server/infra/http/content-disposition';
import { parseRange } from '../../../src/lib/server/infra/http/range';
import { safeFileStem } from '../../../src/lib/server/library/filenames';

describe('parseRange', () => {
	const size = 1000;
	it('reads the three single-range forms', () => {
		expect(parseRange('bytes=0-99', size)).toEqual({ start: 0, end: 99 });
		expect(parseRange('bytes=100-', size)).toEqual({ start: 100, end: 999 });
		expect(parseRange('bytes=-100', size)).toEqual({ start: 900, end: 999 });
		expect(parseRange('bytes=990-5000', size)).toEqual({ start: 990, end: 999 });
		expect(parseRange('bytes=-5000', size)).toEqual({ start: 0, end: 999 });
		expect(parseRange('Bytes = 5 - 9', size)).toEqual({ start: 5, end: 9 });
	});

	it('says unsatisfiable for ranges outside the file', () => {
		expect(parseRange('bytes=1000-', size)).toBe('unsatisfiable');
		expect(parseRange('bytes=5000-6000', size)).toBe('unsatisfiable');
		expect(parseRange('bytes=-0', size)).toBe('unsatisfiable');
		expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
	});

	it('ignores what it cannot or need not serve (the whole file is sent)', () => {
		for (const h of [
			null,
			'',
			'bytes=',
			'bytes=-',
			'bytes=abc',
			'items=0-1',
			'bytes=9-5',
			'bytes=0-1,5-6',
		]) {
			expect(parseRange(h, size), String(h)).toBeNull();
		}
	});
});

describe('contentDisposition', () => {
	it('gives an ASCII fallback and the exact UTF-8 name', () => {
		expect(contentDisposition('report.txt')).toBe(
			`attachment; filename="report.txt"; filename*=UTF-8''report.txt`,
		);
		expect(contentDisposition('Café 🎉 "q" (1).srt')).toBe(
			`attachment; filename="Cafe _ _q_ (1).srt"; filename*=UTF-8''Caf%C3%A9%20%F0%9F%8E%89%20%22q%22%20%281%29.srt`,
		);
	});

	it('never lets a name break the header', () => {
		const value = contentDisposition('a\r\nSet-Cookie: x=1\uD800.wav');
		expect(value).not.toMatch(/[\r\n]/);
		expect(() => new Headers({ 'content-disposition': value })).not.toThrow();
	});
});

describe('text and time helpers', () => {
	it('formats clocks past one hour and durations', () => {
		expect(clock(3_605_250, ',')).toBe('01:00:05,250');
		expect(clock(59_999, '.')).toBe('00:00:59.999');
		expect(clock(108_000_000)).toBe('30:00:00');
		expect(formatDuration(3611.6)).toBe('01:00:12');
		expect(formatDuration(Number.NaN)).toBe('00:00:00');
	});

	it('cleans text to one line without control characters or broken surrogates', () => {
		expect(cleanText('  a\n\tb\u0000c \uD83D x 🎉 ')).toBe('a bc \uFFFD x 🎉');
	});

	it('wraps by code points, cutting only words longer than a line', () => {
		expect(wrap(['🎉🎉🎉', 'ab'], 6)).toEqual(['🎉🎉🎉 ab']);
		expect(wrap(['aaaa', 'bb', 'cc', 'dddd'], 8)).toEqual(['aaaa bb', 'cc dddd']);
	});

	it('makes safe display filenames', () => {
		expect(safeFileStem('../../etc/passwd')).toBe('_.._etc_passwd');
		expect(safeFileStem('Q3: plan? <draft>')).toBe('Q3_ plan_ _draft_');
		expect(safeFileStem('...')).toBe('transcript');
		expect(Array.from(safeFileStem('x'.repeat(500)))).toHaveLength(120);
	});
});

describe('request schemas', () => {
	it('pages from 1, 1..100 per page, any safe integer page', () => {
		expect(paginationQuerySchema.parse({})).toEqual({ page: 1, page_size: 20 });
		expect(paginationQuerySchema.parse({ page: '1000000000', page_size: '100' })).toEqual({
			page: 1e9,
			page_size: 100,
		});
		for (const bad of [
			{ page: '0' },
			{ page: '-1' },
			{ page: 'abc' },
			{ page: '1.5' },
			{ page_size: '101' },
			{ page: '1e20' },
		]) {
			expect(paginationQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		}
	});

	it('de-duplicates export formats and rejects unknown or none', () => {
		const req = exportRequestSchema.parse({
			transcription_id: 't1',
			formats: ['srt', 'txt', 'srt'],
		});
		expect(req).toEqual({
			transcription_id: 't1',
			formats: ['srt', 'txt'],
			include_metadata: true,
			include_timestamps: true,
		});
		for (const formats of [[], ['pdf'], 'srt', [1]]) {
			expect(exportRequestSchema.safeParse({ transcription_id: 't1', formats }).success).toBe(
				false,
			);
		}
		expect(
			exportRequestSchema.safeParse({ transcription_id: '../x', formats: ['srt'] }).success,
		).toBe(false);
	});
});
