import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src/lib/contracts/files';
import { transcriptJsonSchema } from '../../../src/lib/contracts/transcript-json';
import { openDatabase, type Database } from '../../../src/lib/server/infra/db/connection';
import type { Repositories } from '../../../src/lib/server/infra/db/repositories/interfaces';
import { createSqliteRepositories } from '../../../src/lib/server/infra/db/repositories/sqlite';
import { EXPORTERS, renderExport } from '../../../src/lib/server/library/export/registry';
import type { ExportDocument, ExportOptions } from '../../../src/lib/server/library/export/types';
import {
	createTranscript,
	loadExportDocument,
	type NewSegment,
} from '../../../src/lib/server/transcription/transcripts';
import { speakerTurnsOf } from '../../../src/lib/server/transcription/speaker-turns';
import { parseSrt, readWithFfmpeg } from '../../helpers/subtitles';
import { LONG_TEXT, meetingTranscript, MEETING_SEGMENTS } from '../../helpers/transcripts';

let db: Database;
let repos: Repositories;
let doc: ExportDocument;

/** Stores a transcript the way the engine will, and reads it back as exports do. */
function stored(segments: NewSegment[] = MEETING_SEGMENTS): ExportDocument {
	const t = createTranscript(repos, {
		...meetingTranscript(null),
		segments,
		filename: 'Weekly sync.json',
	});
	return loadExportDocument(repos, t.id);
}

const ALL: ExportOptions = { includeMetadata: true, includeTimestamps: true };
const render = (format: ExportFormat, d = doc, options: Partial<ExportOptions> = {}) =>
	renderExport(format, d, { ...ALL, ...options });
const text = async (format: ExportFormat, d = doc, options: Partial<ExportOptions> = {}) =>
	(await render(format, d, options)).toString('utf8');
const documentXml = async (buf: Buffer) =>
	(await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
const len = (s: string) => Array.from(s).length;

beforeEach(() => {
	db = openDatabase(':memory:').db;
	repos = createSqliteRepositories(db);
	doc = stored();
});

describe('the registry', () => {
	it('has one module per contract format, each naming its own format', () => {
		expect(Object.keys(EXPORTERS).sort()).toEqual([...EXPORT_FORMATS].sort());
		for (const f of EXPORT_FORMATS) expect(EXPORTERS[f].format).toBe(f);
	});
});

describe('srt', () => {
	it('numbers cues from 1 with HH:MM:SS,mmm timings, at most 2 lines of 42 characters', async () => {
		const blocks = (await text('srt')).trimEnd().split('\n\n');
		blocks.forEach((block, i) => {
			const [num, timing, ...lines] = block.split('\n');
			expect(num).toBe(String(i + 1));
			expect(timing).toMatch(/^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$/);
			expect(lines.length).toBeGreaterThanOrEqual(1);
			expect(lines.length).toBeLessThanOrEqual(2);
			for (const l of lines) expect(len(l)).toBeLessThanOrEqual(42);
		});
	});

	it('is read back by ffmpeg with every cue at the same times and with the same text', async () => {
		const ours = parseSrt(await text('srt'));
		const theirs = readWithFfmpeg(await render('srt'), 'srt');
		expect(theirs).toEqual(ours);
		expect(ours.length).toBeGreaterThan(MEETING_SEGMENTS.length);
	});

	it('splits a long segment into several cues sharing its time in proportion to their text', async () => {
		const cues = readWithFfmpeg(await render('srt'), 'srt').filter(
			(c) => c.start >= 9800 && c.end <= 31500,
		);
		expect(cues.length).toBeGreaterThanOrEqual(3);
		expect(cues[0]!.start).toBe(9800);
		expect(cues.at(-1)!.end).toBe(31500);
		cues.slice(1).forEach((c, i) => expect(c.start).toBe(cues[i]!.end));
		const rates = cues.map((c) => (c.end - c.start) / len(c.text.replace('\n', '')));
		const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
		for (const r of rates) expect(Math.abs(r - mean) / mean).toBeLessThan(0.1);
		expect(cues.map((c) => c.text.replace('\n', ' ')).join(' ')).toBe(LONG_TEXT.trim());
	});

	it('writes times past one hour as 01:…', async () => {
		expect(await text('srt')).toContain('01:00:05,250 --> 01:00:11,750\nAlice: One hour in');
	});

	it('keeps markup-like text and arrows as text, never as tags or timing lines', async () => {
		const out = await text('srt');
		const textLines = out.split('\n').filter((l) => !/^\d{2}:\d{2}:\d{2},\d{3} -->/.test(l));
		expect(textLines.join('\n')).not.toContain('-->');
		const cue = readWithFfmpeg(out, 'srt').find((c) => c.text.includes('bold'));
		expect(cue?.text).toBe('Use ‹b›bold‹/b› & an arrow -> here');
	});

	it('shows a zero-length segment for a moment, and labels the speaker when it changes', async () => {
		const cues = parseSrt(await text('srt'));
		const zero = cues.find((c) => c.text.includes('Zero length'))!;
		expect(zero.start).toBe(38000);
		expect(zero.end).toBe(39000);
		expect(zero.text).toBe('Bob: Zero length.');
		expect(cues.filter((c) => c.text.startsWith('Bob:'))).toHaveLength(2);
	});
});

describe('vtt', () => {
	it('has the WEBVTT header, HH:MM:SS.mmm timings and a voice tag per cue', async () => {
		const out = await text('vtt');
		expect(out.startsWith('WEBVTT\n\n')).toBe(true);
		const blocks = out.trimEnd().split('\n\n').slice(1);
		for (const block of blocks) {
			const [timing, first] = block.split('\n');
			expect(timing).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$/);
			expect(first).toMatch(/^<v (Alice|Bob)>/);
		}
		expect(out).toContain('01:00:05.250 --> 01:00:11.750\n<v Alice>One hour in, still going.');
	});

	it('escapes < and & so text stays text, and ffmpeg reads it all back', async () => {
		const out = await text('vtt');
		expect(out).toContain('<v Alice>Use &lt;b&gt;bold&lt;/b&gt; &amp; an arrow --&gt; here');
		const theirs = readWithFfmpeg(out, 'vtt');
		const srtCues = parseSrt(await text('srt'));
		expect(theirs.map((c) => [c.start, c.end])).toEqual(srtCues.map((c) => [c.start, c.end]));
		expect(theirs.map((c) => c.text)).toContain('Use <b>bold</b> & an arrow --> here');
		expect(theirs.map((c) => c.text)).toContain('Café ☕ and a naïve façade: 日本語のテキスト 🎉');
	});

	it('escapes speaker names in voice tags and leaves the tag out when nobody is known', async () => {
		const d = stored([
			{ start: 0, end: 1, text: 'hi', speakerName: 'R&D <lead>' },
			{ start: 1, end: 2, text: 'anonymous' },
		]);
		const out = await text('vtt', d);
		expect(out).toContain('<v R&amp;D &lt;lead&gt;>hi');
		expect(out).toContain('00:00:01.000 --> 00:00:02.000\nanonymous');
	});
});

describe('json', () => {
	it('is the full result in verbose_json shape, valid against its schema', async () => {
		const parsed = transcriptJsonSchema.parse(JSON.parse(await text('json')));
		expect(parsed).toMatchObject({ task: 'transcribe', language: 'en', duration: 3612 });
		expect(parsed.text).toContain('Good morning everyone');
		expect(parsed.segments.map((s) => s.id)).toEqual(MEETING_SEGMENTS.map((_, i) => i));
		expect(parsed.segments[6]).toMatchObject({
			start: 3605.25,
			end: 3611.75,
			seek: 360525,
			temperature: 0,
			speaker_name: 'Alice',
			speaker_id: 'mic',
			channel: 0,
		});
		const words = MEETING_SEGMENTS.reduce((n, s) => n + (s.words?.length ?? 0), 0);
		expect(parsed.words).toHaveLength(words);
		expect(parsed.words[0]).toEqual({ word: ' Good', start: 0, end: 0.7, probability: 0.9 });
		expect(parsed.speakers).toEqual(['Alice', 'Bob']);
		expect(parsed.metadata).toMatchObject({
			title: 'Weekly sync',
			model_used: 'base',
			word_count: 79,
		});
	});

	it('leaves metadata out when asked', async () => {
		const parsed = transcriptJsonSchema.parse(
			JSON.parse(await text('json', doc, { includeMetadata: false })),
		);
		expect(parsed.metadata).toBeUndefined();
	});
});

describe('tsv', () => {
	it('has a start/end/text header and integer milliseconds', async () => {
		const [header, ...rows] = (await text('tsv')).trimEnd().split('\n');
		expect(header).toBe('start\tend\ttext');
		expect(rows).toHaveLength(MEETING_SEGMENTS.length);
		for (const row of rows) expect(row).toMatch(/^\d+\t\d+\t[^\t]+$/);
		expect(rows[5]).toBe('38000\t38000\tZero length.');
		expect(rows[6]).toBe('3605250\t3611750\tOne hour in, still going.');
	});
});

describe('txt', () => {
	it('puts [hh:mm:ss] and the speaker before each segment, under a metadata header', async () => {
		const out = await text('txt');
		expect(out.startsWith('Weekly sync\n===========\nDate: ')).toBe(true);
		expect(out).toContain('Speakers: Alice, Bob');
		expect(out).toContain('Duration: 01:00:12');
		expect(out).toContain("\n[00:00:00] Alice: Good morning everyone, let's get started.\n");
		expect(out).toContain('\n[01:00:05] Alice: One hour in, still going.\n');
	});

	it('without timestamps or metadata: one paragraph per turn of a speaker', async () => {
		const out = await text('txt', doc, { includeMetadata: false, includeTimestamps: false });
		expect(out).not.toMatch(/\[\d\d:/);
		const paragraphs = out.trimEnd().split('\n\n');
		expect(paragraphs).toHaveLength(5);
		expect(paragraphs[1]).toBe(
			`Bob: Thanks Alice. First item: the Q3 roadmap. ${LONG_TEXT.trim()}`,
		);
	});
});

describe('md', () => {
	it('has a title, a metadata list and speaker paragraphs with timestamps', async () => {
		const out = await text('md');
		expect(out.startsWith('# Weekly sync\n\n- **Date:** ')).toBe(true);
		expect(out).toContain('- **Speakers:** Alice, Bob');
		expect(out).toContain(
			`**Bob** \\[00:00:04\\]: Thanks Alice. First item: the Q3 roadmap. ${LONG_TEXT.trim()}`,
		);
		expect(out).toContain('Use \\<b\\>bold\\</b\\> & an arrow --\\> here');
		expect(out).toContain('**Alice** \\[01:00:05\\]: One hour in, still going.');
	});

	it('honours include_metadata and include_timestamps', async () => {
		const out = await text('md', doc, { includeMetadata: false, includeTimestamps: false });
		expect(out).not.toContain('**Date:**');
		expect(out).not.toContain('\\[00:');
		expect(out).toContain("**Alice**: Good morning everyone, let's get started.");
	});
});

describe('docx', () => {
	it('opens as a zip whose document.xml holds the title, metadata, speakers and text', async () => {
		const buf = await render('docx');
		const zip = await JSZip.loadAsync(buf);
		const xml = await zip.file('word/document.xml')!.async('string');
		for (const s of ['Weekly sync', 'Speakers: ', 'Alice, Bob', 'Alice', 'Bob', '[01:00:05]']) {
			expect(xml).toContain(s);
		}
		expect(xml).toContain('Good morning everyone');
		expect(xml).toContain('日本語のテキスト 🎉');
		expect(xml).toContain('Use &lt;b&gt;bold&lt;/b&gt; &amp; an arrow --&gt; here');
		expect(await zip.file('docProps/core.xml')!.async('string')).toContain('Weekly sync');
	});

	it('honours include_metadata and include_timestamps', async () => {
		const xml = await documentXml(
			await render('docx', doc, { includeMetadata: false, includeTimestamps: false }),
		);
		expect(xml).not.toContain('Speakers: ');
		expect(xml).not.toContain('[00:00:00]');
		expect(xml).toContain('Good morning everyone');
	});
});

describe('every format', () => {
	it('renders an empty transcript into a valid, empty document', async () => {
		const empty = stored([]);
		expect(await text('srt', empty)).toBe('');
		expect(await text('vtt', empty)).toBe('WEBVTT\n');
		expect(readWithFfmpeg(await text('vtt', empty), 'vtt')).toEqual([]);
		expect(await text('tsv', empty)).toBe('start\tend\ttext\n');
		expect(transcriptJsonSchema.parse(JSON.parse(await text('json', empty))).segments).toEqual([]);
		expect(await text('txt', empty, { includeMetadata: false })).toBe('');
		expect(await text('md', empty, { includeMetadata: false })).toBe('# Weekly sync\n');
		expect(await documentXml(await render('docx', empty))).toContain('Weekly sync');
	});

	it('drops control characters and broken surrogates, so even DOCX stays well-formed', async () => {
		const d = stored([
			{ start: 0, end: 2, text: 'bell\u0007 nul\u0000 half\uD83D here', speakerName: 'A\u0001' },
		]);
		for (const f of EXPORT_FORMATS.filter((f) => f !== 'docx' && f !== 'json')) {
			const out = await text(f, d);
			for (const c of ['\u0000', '\u0001', '\u0007']) expect(out, f).not.toContain(c);
		}
		// SQLite itself turns the lone surrogate into replacement characters on the way in.
		const xml = await documentXml(await render('docx', d));
		expect(xml).toMatch(/>bell nul half\uFFFD+ here</);
	});

	it('shows a renamed speaker everywhere, since exports read the stored segments', async () => {
		db.prepare(
			"UPDATE transcript_segments SET speaker_name = 'Carol' WHERE speaker_name = 'Bob'",
		).run();
		const renamed = loadExportDocument(repos, doc.transcript.id);
		for (const f of ['srt', 'txt', 'md', 'json', 'vtt'] as const) {
			const out = await text(f, renamed);
			expect(out, f).toContain('Carol');
			expect(out, f).not.toMatch(/Bob(?! *[a-z])/);
		}
		expect(await documentXml(await render('docx', renamed))).toContain('Carol');
	});
});

describe('rttm', () => {
	it('writes one SPEAKER line per turn, agreeing with the result’s speaker_turns', async () => {
		const lines = (await text('rttm')).trimEnd().split('\n');
		// The turns the result's speaker_turns are made of (transcription/mapping.ts).
		const turns = speakerTurnsOf(doc.segments).map((t) => ({
			start_time: t.start,
			end_time: t.end,
			speaker_id: t.speakerId,
		}));
		expect(lines).toHaveLength(turns.length);
		expect(lines[0]).toBe('SPEAKER Weekly_sync 1 0.000 4.200 <NA> <NA> Alice <NA> <NA>');
		// Bob's three segments from 4.2 s to 31.5 s are one turn, on his channel (the second).
		expect(lines[1]).toBe('SPEAKER Weekly_sync 2 4.200 27.300 <NA> <NA> Bob <NA> <NA>');
		lines.forEach((line, i) => {
			const [, , , onset, duration, , , name] = line.split(' ');
			expect(Number(onset)).toBeCloseTo(turns[i]!.start_time, 3);
			expect(Number(onset) + Number(duration)).toBeCloseTo(turns[i]!.end_time, 3);
			const speaker = doc.segments.find((s) => s.speakerId === turns[i]!.speaker_id);
			expect(name).toBe(speaker!.speakerName);
		});
	});

	it('is empty without speakers, and joins a name’s words with underscores', async () => {
		expect(await text('rttm', stored([{ start: 0, end: 2, text: ' Hello.' }]))).toBe('');
		const named = stored([{ start: 1, end: 2.5, text: ' Hi.', speakerName: 'Remote 2' }]);
		expect(await text('rttm', named)).toBe(
			'SPEAKER Weekly_sync 1 1.000 1.500 <NA> <NA> Remote_2 <NA> <NA>\n',
		);
	});
});
