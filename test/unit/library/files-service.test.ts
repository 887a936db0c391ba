import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../../src/lib/server/infra/media/wav';
import { FilesService } from '../../../src/lib/server/library/service';
import {
	createTranscript,
	loadExportDocument,
} from '../../../src/lib/server/transcription/transcripts';
import { exists, openStore, seedRecording, seedTranscript, type Store } from '../../helpers/files';
import { tempDir } from '../../helpers/server';
import { MEETING_SEGMENTS } from '../../helpers/transcripts';

let store: Store;
let files: FilesService;
let logged: string[];

beforeEach(() => {
	store = openStore(tempDir());
	logged = [];
	const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
	files = new FilesService({ repos: store.repos, dataDir: store.dataDir, logger });
});
afterEach(() => {
	store.close();
	fs.rmSync(store.dataDir.root, { recursive: true, force: true });
});

describe('createTranscript', () => {
	it('stores segments and derives word count, confidence, speakers and a filename', () => {
		const audio = seedRecording(store, { filename: 'Weekly sync.wav' });
		const t = seedTranscript(store, audio.id);
		expect(t).toMatchObject({
			filename: 'Weekly sync.json',
			kind: 'file',
			speakers: ['Alice', 'Bob'],
			wordCount: 79,
			modelUsed: 'base',
		});
		expect(t.confidenceAverage).toBeCloseTo(0.86, 4);
		expect(store.repos.transcripts.segments(t.id)).toHaveLength(MEETING_SEGMENTS.length);
		expect(loadExportDocument(store.repos, t.id).audioFilename).toBe('Weekly sync.wav');
		const wav = parseWav(fs.readFileSync(path.join(store.dataDir.root, audio.relPath)));
		expect(wav.channels[0]).toHaveLength(16000);
	});

	it('refuses a recording that does not exist, and stores nothing', () => {
		expect(() =>
			createTranscript(store.repos, {
				audioFileId: 'missing',
				language: null,
				model: 'tiny',
				totalDuration: 0,
				processingTime: 0,
				segments: [],
			}),
		).toThrow(/Recording 'missing' not found/);
		expect(store.repos.transcripts.count()).toBe(0);
	});

	it('loads documents only by safe, existing ids', () => {
		expect(() => loadExportDocument(store.repos, '../../etc/passwd')).toThrow(/Invalid/);
		expect(() => loadExportDocument(store.repos, 'nope')).toThrow(/not found/);
	});
});

describe('FilesService', () => {
	it('writes exports through a temporary name and leaves no temporary files behind', async () => {
		const t = seedTranscript(store, seedRecording(store).id);
		const out = await files.export({
			transcription_id: t.id,
			formats: ['srt', 'docx'],
			include_metadata: true,
			include_timestamps: true,
		});
		expect(out.map((e) => e.format)).toEqual(['srt', 'docx']);
		for (const e of out)
			expect(fs.statSync(path.join(store.dataDir.root, e.path)).size).toBe(e.size_bytes);
		expect(fs.readdirSync(path.join(store.dataDir.root, 'tmp'))).toEqual([]);
	});

	it('deletes rows even when a file cannot be removed, and logs the file', async () => {
		const t = seedTranscript(store, seedRecording(store).id);
		const [exp] = await files.export({
			transcription_id: t.id,
			formats: ['txt'],
			include_metadata: true,
			include_timestamps: true,
		});
		// A directory with content where the file should be: rm without `recursive` fails.
		const full = path.join(store.dataDir.root, exp!.path);
		fs.rmSync(full);
		fs.mkdirSync(full);
		fs.writeFileSync(path.join(full, 'keep'), 'x');
		const summary = await files.delete(exp!.id, 'export');
		expect(summary).toEqual({
			id: exp!.id,
			file_type: 'export',
			transcriptions_deleted: 0,
			exports_deleted: 1,
		});
		expect(store.repos.exports.get(exp!.id)).toBeUndefined();
		expect(logged.join('')).toContain('could not remove a deleted file');
	});

	it('refuses to delete a recording while a job is transcribing it', async () => {
		const audio = seedRecording(store);
		store.repos.jobs.insert({
			id: 'job-1',
			status: 'running',
			priority: 0,
			progress: 0.5,
			audioFileId: audio.id,
			options: {},
			modelUsed: 'base',
			language: null,
			transcriptId: null,
			errorMessage: null,
			createdAt: new Date().toISOString(),
			startedAt: new Date().toISOString(),
			completedAt: null,
		});
		await expect(files.delete(audio.id, 'recording')).rejects.toMatchObject({
			code: 'CONFLICT',
			details: { job_id: 'job-1' },
		});
		expect(exists(store, audio.relPath)).toBe(true);
		expect(store.repos.recordings.get(audio.id)).toBeDefined();
	});
});
