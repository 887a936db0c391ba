import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/command';
import { parseFormats } from '../../../src/cli/exports';
import { ProgressLine } from '../../../src/cli/progress';

/** A stream that keeps what is written, standing in for stderr. */
function sink(columns?: number) {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _enc, done) {
			text += chunk.toString();
			done();
		},
	}) as unknown as NodeJS.WriteStream;
	if (columns) stream.columns = columns;
	return { stream, text: () => text };
}

describe('ProgressLine without a terminal', () => {
	it('writes a plain line each time progress passes another 10%', () => {
		const out = sink();
		const p = new ProgressLine('talk.mp3', out.stream, false);
		for (const f of [0, 0.05, 0.12, 0.13, 0.4, 0.41, 0.999, 1]) {
			p.update(f, `${(f * 30).toFixed(1)}/30.0 s`);
		}
		p.end();
		expect(out.text()).toBe(
			[
				'talk.mp3: 0% (0.0/30.0 s)',
				'talk.mp3: 12% (3.6/30.0 s)',
				'talk.mp3: 40% (12.0/30.0 s)',
				'talk.mp3: 99% (30.0/30.0 s)',
				'talk.mp3: 100% (30.0/30.0 s)',
				'',
			].join('\n'),
		);
	});

	it('treats nonsense fractions as 0 and caps at 100%', () => {
		const out = sink();
		const p = new ProgressLine('x', out.stream, false);
		p.update(Number.NaN);
		p.update(7);
		expect(out.text()).toBe('x: 0%\nx: 100%\n');
	});
});

describe('ProgressLine on a terminal', () => {
	it('redraws one line in place, never wider than the terminal, and ends it', () => {
		const out = sink(40);
		const p = new ProgressLine('a-rather-long-recording-name.wav', out.stream, true);
		p.update(0.5, '15.0/30.0 s');
		p.update(1, '30.0/30.0 s');
		p.end();
		const draws = out.text().split('\r\x1b[K').filter(Boolean);
		expect(draws.length).toBe(2);
		for (const d of draws) expect(Array.from(d.replace(/\n$/, '')).length).toBeLessThan(40);
		expect(out.text().endsWith('\n')).toBe(true);
		expect(out.text().match(/\n/g)).toHaveLength(1);
	});
});

describe('parseFormats', () => {
	it('accepts commas, spaces, case and repeats', () => {
		expect(parseFormats('SRT, txt,srt  docx', 'transcribe')).toEqual(['srt', 'txt', 'docx']);
	});

	it('refuses unknown and empty lists as usage errors naming the command', () => {
		expect(() => parseFormats('txt,pdf', 'export')).toThrow(UsageError);
		expect(() => parseFormats('txt,pdf', 'export')).toThrow(/unknown format 'pdf'/);
		expect(() => parseFormats(' , ', 'export')).toThrow(/at least one format/);
	});
});
