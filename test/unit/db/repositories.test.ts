import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/infra/db/connection';
import type { Repositories } from '../../../src/lib/server/infra/db/repositories/interfaces';
import { createSqliteRepositories } from '../../../src/lib/server/infra/db/repositories/sqlite';
import type { AudioFileRecord, TranscriptRecord } from '../../../src/lib/server/infra/db/records';

let repos: Repositories;

const audio = (id: string, createdAt: string): AudioFileRecord => ({
	id,
	filename: `${id}.wav`,
	relPath: `recordings/${id}.wav`,
	source: 'recording',
	sizeBytes: 44 + 32000,
	durationSeconds: 1,
	sampleRate: 16000,
	channels: 1,
	audioFormat: 'wav',
	createdAt,
});

const transcript = (id: string, audioFileId: string): TranscriptRecord => ({
	id,
	audioFileId,
	sessionId: null,
	jobId: null,
	kind: 'file',
	filename: `${id}.json`,
	fullText: 'hello world',
	language: 'en',
	modelUsed: 'base',
	device: 'cpu',
	confidenceAverage: 0.9,
	wordCount: 2,
	totalDuration: 1,
	processingTime: 0.2,
	speakers: ['You'],
	createdAt: '2026-01-01T00:00:00.000Z',
});

beforeEach(() => {
	repos = createSqliteRepositories(openDatabase(':memory:').db);
});

describe('recordings', () => {
	it('pages newest first with a total count', () => {
		for (let i = 1; i <= 5; i++)
			repos.recordings.insert(audio(`r${i}`, `2026-01-0${i}T00:00:00.000Z`));
		const page1 = repos.recordings.list({ page: 1, pageSize: 2 });
		expect(page1.items.map((r) => r.id)).toEqual(['r5', 'r4']);
		expect(page1.totalCount).toBe(5);
		expect(repos.recordings.list({ page: 3, pageSize: 2 }).items.map((r) => r.id)).toEqual(['r1']);
		expect(repos.recordings.list({ page: 9, pageSize: 2 }).items).toEqual([]);
	});
});

describe('transcripts', () => {
	it('store segments with words atomically and read them back in order', () => {
		repos.recordings.insert(audio('a', '2026-01-01T00:00:00.000Z'));
		repos.transcripts.insert(transcript('t', 'a'), [
			{
				start: 0,
				end: 1.5,
				text: 'hello',
				confidence: 0.8,
				speakerId: 'mic',
				speakerName: 'You',
				channel: 0,
				words: [{ word: 'hello', start: 0, end: 0.5, probability: 0.9 }],
			},
			{
				start: 1.5,
				end: 2,
				text: 'world',
				confidence: null,
				speakerId: null,
				speakerName: null,
				channel: null,
				words: null,
			},
		]);
		expect(repos.transcripts.get('t')?.speakers).toEqual(['You']);
		const segs = repos.transcripts.segments('t');
		expect(segs.map((s) => s.text)).toEqual(['hello', 'world']);
		expect(segs[0]?.words?.[0]?.word).toBe('hello');
	});

	it('leave nothing behind when a segment fails to insert', () => {
		repos.recordings.insert(audio('a', '2026-01-01T00:00:00.000Z'));
		const bad = { start: 0, end: 1, text: null } as unknown as Parameters<
			Repositories['transcripts']['insert']
		>[1][0];
		expect(() => repos.transcripts.insert(transcript('t', 'a'), [bad])).toThrow();
		expect(repos.transcripts.get('t')).toBeUndefined();
	});

	it('go away with their recording, taking exports and segments along', () => {
		repos.recordings.insert(audio('a', '2026-01-01T00:00:00.000Z'));
		repos.transcripts.insert(transcript('t', 'a'), []);
		repos.exports.insert({
			id: 'e',
			transcriptId: 't',
			format: 'srt',
			filename: 't.srt',
			relPath: 'exports/e.srt',
			sizeBytes: 10,
			createdAt: '2026-01-01T00:00:00.000Z',
		});
		expect(repos.recordings.delete('a')).toBe(true);
		expect(repos.transcripts.get('t')).toBeUndefined();
		expect(repos.exports.get('e')).toBeUndefined();
	});
});

describe('jobs', () => {
	it('list the queue by priority, then age, and apply partial updates', () => {
		const base = {
			progress: 0,
			audioFileId: null,
			options: { language: 'en' },
			modelUsed: null,
			language: null,
			transcriptId: null,
			errorMessage: null,
			startedAt: null,
			completedAt: null,
		};
		repos.jobs.insert({
			...base,
			id: 'old',
			status: 'pending',
			priority: 0,
			createdAt: '2026-01-01T00:00:00Z',
		});
		repos.jobs.insert({
			...base,
			id: 'new',
			status: 'pending',
			priority: 0,
			createdAt: '2026-01-02T00:00:00Z',
		});
		repos.jobs.insert({
			...base,
			id: 'live',
			status: 'pending',
			priority: 10,
			createdAt: '2026-01-03T00:00:00Z',
		});
		expect(repos.jobs.listByStatus(['pending']).map((j) => j.id)).toEqual(['live', 'old', 'new']);
		repos.jobs.update('old', { status: 'running', progress: 0.5 });
		expect(repos.jobs.get('old')).toMatchObject({
			status: 'running',
			progress: 0.5,
			options: { language: 'en' },
		});
	});
});

describe('settings and api keys', () => {
	it('upsert settings as JSON values', () => {
		repos.settings.setMany({ a: 1, b: 'x' });
		repos.settings.setMany({ a: { nested: true } });
		expect(repos.settings.all()).toEqual({ a: { nested: true }, b: 'x' });
	});

	it('revoke a key once', () => {
		repos.apiKeys.insert({
			id: 'k',
			name: 'ci',
			prefix: 'ms_ab',
			secretHash: 'h',
			scope: 'full',
			createdAt: 'now',
			lastUsedAt: null,
			revokedAt: null,
		});
		expect(repos.apiKeys.findByHash('h')?.id).toBe('k');
		expect(repos.apiKeys.revoke('k', 'later')).toBe(true);
		expect(repos.apiKeys.revoke('k', 'later')).toBe(false);
		expect(repos.apiKeys.list()[0]?.revokedAt).toBe('later');
	});
});
