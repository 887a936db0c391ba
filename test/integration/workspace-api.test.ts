import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	deleteFileResponseSchema,
	exportListSchema,
	exportResponseSchema,
	recordingDetailSchema,
	recordingListSchema,
	recordingResponseSchema,
	transcriptionListSchema,
} from '../../src/lib/contracts/files';
import { searchResponseSchema } from '../../src/lib/contracts/search';
import {
	jobListSchema,
	transcriptionJobSchema,
	transcriptionResultSchema,
	type TranscriptionJob,
} from '../../src/lib/contracts/transcription';
import {
	segmentResponseSchema,
	segmentVersionsResponseSchema,
	transcriptionDetailSchema,
} from '../../src/lib/contracts/transcripts';
import { concat, loadSpeech } from '../helpers/audio';
import { expectEnvelope, fieldPaths } from '../helpers/envelope';
import { openStore, seedRecording, seedTranscript, type Store } from '../helpers/files';
import { writePcmWav } from '../helpers/media';
import { startServer, tempDir, type RunningServer } from '../helpers/server';

let server: RunningServer;
let store: Store;
const media = tempDir('meetingscribe-ws-');
const wav = writePcmWav(path.join(media, 'Team sync.wav'), [
	concat([0.5, loadSpeech(), 1, loadSpeech(), 0.5]),
]);

const get = (p: string) => fetch(server.url + p);
const send = (method: string, p: string, body: unknown) =>
	fetch(server.url + p, {
		method,
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
const search = async (q: string) => {
	const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
	expect(res.status).toBe(200);
	return searchResponseSchema.parse(await res.json());
};

async function upload(): Promise<TranscriptionJob> {
	const fd = new FormData();
	fd.set('file', new Blob([fs.readFileSync(wav)]), 'Team sync.wav');
	const res = await fetch(`${server.url}/api/v1/transcription/start`, { method: 'POST', body: fd });
	expect(res.status).toBe(202);
	return transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
}

async function transcribeAgain(audioFileId: string): Promise<TranscriptionJob> {
	const res = await send('POST', '/api/v1/transcription/start', { audio_file_id: audioFileId });
	expect(res.status).toBe(202);
	return transcriptionJobSchema.parse(((await res.json()) as { job: unknown }).job);
}

async function finished(jobId: string): Promise<TranscriptionJob> {
	const until = Date.now() + 60_000;
	for (;;) {
		const job = transcriptionJobSchema.parse(
			await (await get(`/api/v1/transcription/status/${jobId}`)).json(),
		);
		if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
		if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

const detail = async (id: string) => {
	const res = await get(`/api/v1/files/transcriptions/${id}`);
	expect(res.status).toBe(200);
	return transcriptionDetailSchema.parse(await res.json());
};
const editSegment = async (id: string, segment: number, text: string) => {
	const res = await send('PATCH', `/api/v1/files/transcriptions/${id}/segments/${segment}`, {
		text,
	});
	expect(res.status).toBe(200);
	return segmentResponseSchema.parse(await res.json()).segment;
};
const versions = async (id: string, segment: number) => {
	const res = await get(`/api/v1/files/transcriptions/${id}/segments/${segment}/versions`);
	expect(res.status).toBe(200);
	return segmentVersionsResponseSchema.parse(await res.json()).versions;
};

beforeAll(async () => {
	server = await startServer();
	store = openStore(server.dataDir);
});
afterAll(async () => {
	store?.close();
	await server?.stop();
});

describe('the workspace from upload to delete', () => {
	let job: TranscriptionJob;
	let recordingId: string;
	let transcriptId: string;
	let original: string;

	it('lists an upload with its title, source and transcript state', async () => {
		const untouched = seedRecording(store, { filename: 'Zeta.wav' });
		job = await upload();
		recordingId = job.audio_file_info!.id;
		expect(job).toMatchObject({ recording_id: recordingId, recording_title: 'Team sync' });
		const done = await finished(job.job_id);
		expect(done.status).toBe('completed');
		transcriptId = done.transcription_id!;

		const list = recordingListSchema.parse(await (await get('/api/v1/files/recordings')).json());
		const mine = list.recordings.find((r) => r.id === recordingId);
		expect(mine).toMatchObject({
			title: 'Team sync',
			filename: 'Team sync.wav',
			source: 'upload',
			transcript: { id: transcriptId, model_used: 'whisper-test' },
			job: { job_id: job.job_id, status: 'completed', progress: 1, error_message: null },
		});
		expect(list.recordings.find((r) => r.id === untouched.id)).toMatchObject({
			title: 'Zeta',
			source: 'recording',
			transcript: null,
			job: null,
		});

		const byTitle = recordingListSchema.parse(
			await (await get('/api/v1/files/recordings?sort=title&order=asc')).json(),
		);
		const titles = byTitle.recordings.map((r) => r.title.toLowerCase());
		expect(titles).toEqual([...titles].sort());
		const bad = await get('/api/v1/files/recordings?sort=size&order=up');
		expect(fieldPaths(await expectEnvelope(bad, 422, 'VALIDATION_ERROR'))).toEqual(
			expect.arrayContaining(['sort', 'order']),
		);
	});

	it('renames a recording with a safe title, and refuses empty or huge ones', async () => {
		const res = await send('PATCH', `/api/v1/files/recordings/${recordingId}`, {
			title: '  Q3 planning / review\u202E\u0007',
		});
		expect(res.status).toBe(200);
		// The filename sanitizer: separators and control or bidi characters become `_`.
		expect(recordingResponseSchema.parse(await res.json()).recording.title).toBe(
			'Q3 planning _ review_',
		);
		const detailRes = recordingDetailSchema.parse(
			await (await get(`/api/v1/files/recordings/${recordingId}`)).json(),
		);
		expect(detailRes.recording.title).toBe('Q3 planning _ review_');
		expect(detailRes.transcriptions.map((t) => t.id)).toEqual([transcriptId]);

		for (const title of ['   ', 'x'.repeat(201)]) {
			const r = await send('PATCH', `/api/v1/files/recordings/${recordingId}`, { title });
			expect(fieldPaths(await expectEnvelope(r, 422, 'VALIDATION_ERROR'))).toEqual(['title']);
		}
		await expectEnvelope(
			await send('PATCH', '/api/v1/files/recordings/no-such-recording', { title: 'a' }),
			404,
			'NOT_FOUND',
		);
	});

	it('reads a transcript, edits a segment, lists versions and reverts', async () => {
		const before = await detail(transcriptId);
		expect(before.segments.length).toBeGreaterThan(0);
		const first = before.segments[0]!;
		original = first.text;
		expect(first).toMatchObject({ id: 0, index: 0, original_text: original, edited: false });

		const edited = await editSegment(transcriptId, 0, ' zebracorn roadmap ');
		expect(edited).toMatchObject({
			text: 'zebracorn roadmap',
			original_text: original,
			edited: true,
		});
		await editSegment(transcriptId, 0, 'quokkafest roadmap');
		const history = await versions(transcriptId, 0);
		expect(history.map((v) => [v.source, v.text])).toEqual([
			['model', original],
			['edit', 'zebracorn roadmap'],
			['edit', 'quokkafest roadmap'],
		]);

		const after = await detail(transcriptId);
		expect(after.segments[0]).toMatchObject({ text: 'quokkafest roadmap', edited: true });
		expect(after.transcription.full_text).toContain('quokkafest');

		const reverted = await editSegment(transcriptId, 0, original);
		expect(reverted).toMatchObject({ text: original, edited: false });
		expect((await versions(transcriptId, 0)).length).toBe(4);
		await editSegment(transcriptId, 0, 'quokkafest <b>go</b> & co');
	});

	it('search finds the edited word, not the replaced one, with escaped snippets', async () => {
		expect((await search('zebracorn')).total_count).toBe(0);
		const found = await search('QUOKKAFEST');
		expect(found.total_count).toBe(1);
		expect(found.results[0]).toMatchObject({
			transcription_id: transcriptId,
			recording_id: recordingId,
			recording_title: 'Q3 planning _ review_',
		});
		const hit = found.results[0]!.hits[0]!;
		expect(hit).toMatchObject({ segment_id: 0 });
		expect(hit.snippet).toBe('<mark>quokkafest</mark> &lt;b&gt;go&lt;/b&gt; &amp; co');
		// Typing: the last word matches as a prefix.
		expect((await search('quokka')).total_count).toBe(1);
	});

	it('exports, the JSON download and the result use the edited text', async () => {
		const res = await send('POST', '/api/v1/files/export', {
			transcription_id: transcriptId,
			formats: ['srt', 'txt'],
		});
		expect(res.status).toBe(201);
		const files = exportResponseSchema.parse(await res.json()).export_files;
		const srt = await (await get(`/api/v1/files/download/${files[0]!.id}`)).text();
		// SRT players read tags as markup, so the export defuses them with look-alikes.
		expect(srt).toContain('quokkafest ‹b›go‹/b› & co');
		expect(srt).not.toContain('zebracorn');

		const download = await (await get(`/api/v1/files/download/${transcriptId}`)).text();
		expect(download).toContain('quokkafest');

		const result = transcriptionResultSchema.parse(
			await (await get(`/api/v1/transcription/result/${job.job_id}`)).json(),
		);
		expect(result.segments[0]).toMatchObject({
			text: 'quokkafest <b>go</b> & co',
			original_text: original,
			edited: true,
		});
		expect(result.full_text).toContain('quokkafest');
	});

	it('re-transcribing makes a new transcript and keeps the edit in the old one', async () => {
		const again = await finished((await transcribeAgain(recordingId)).job_id);
		expect(again.status).toBe('completed');
		expect(again.transcription_id).not.toBe(transcriptId);
		expect((await detail(transcriptId)).segments[0]?.text).toBe('quokkafest <b>go</b> & co');
		expect((await detail(again.transcription_id!)).segments[0]).toMatchObject({ edited: false });

		const d = recordingDetailSchema.parse(
			await (await get(`/api/v1/files/recordings/${recordingId}`)).json(),
		);
		expect(d.transcriptions.map((t) => t.id)).toEqual([again.transcription_id, transcriptId]);
		expect(d.recording.transcript?.id).toBe(again.transcription_id);
		expect(d.recording.job?.job_id).toBe(again.job_id);

		const jobs = jobListSchema.parse(
			await (await get('/api/v1/transcription/jobs?status=completed&page_size=100')).json(),
		);
		const ids = jobs.jobs.map((j) => j.job_id);
		expect(ids.indexOf(again.job_id)).toBeLessThan(ids.indexOf(job.job_id));
		expect(jobs.jobs.find((j) => j.job_id === job.job_id)).toMatchObject({
			recording_id: recordingId,
			recording_title: 'Q3 planning _ review_',
		});
		const none = jobListSchema.parse(
			await (await get('/api/v1/transcription/jobs?status=running,pending')).json(),
		);
		expect(none).toMatchObject({ jobs: [], total_count: 0 });
		await expectEnvelope(
			await get('/api/v1/transcription/jobs?status=done'),
			422,
			'VALIDATION_ERROR',
		);

		// Deleting one transcript removes only it.
		const del = await send('DELETE', `/api/v1/files/${again.transcription_id}`, {
			file_type: 'transcription',
			confirm_delete: true,
		});
		expect(del.status).toBe(200);
		await expectEnvelope(
			await get(`/api/v1/files/transcriptions/${again.transcription_id}`),
			404,
			'NOT_FOUND',
		);
		expect((await detail(transcriptId)).segments[0]?.edited).toBe(true);
		expect((await search('quokkafest')).total_count).toBe(1);
	});

	it('deleting the recording removes its transcripts, versions, exports and search rows', async () => {
		const res = await send('DELETE', `/api/v1/files/${recordingId}`, {
			file_type: 'recording',
			confirm_delete: true,
		});
		expect(res.status).toBe(200);
		expect(deleteFileResponseSchema.parse(await res.json()).deleted).toMatchObject({
			transcriptions_deleted: 1,
			exports_deleted: 2,
		});
		await expectEnvelope(await get(`/api/v1/files/recordings/${recordingId}`), 404, 'NOT_FOUND');
		await expectEnvelope(
			await get(`/api/v1/files/transcriptions/${transcriptId}`),
			404,
			'NOT_FOUND',
		);
		await expectEnvelope(
			await get(`/api/v1/files/transcriptions/${transcriptId}/segments/0/versions`),
			404,
			'NOT_FOUND',
		);
		expect((await search('quokkafest')).total_count).toBe(0);
		const exports = exportListSchema.parse(
			await (await get(`/api/v1/files/exports?transcription_id=${transcriptId}`)).json(),
		);
		expect(exports.total_count).toBe(0);
	});
});

describe('speakers, paging and hostile input', () => {
	it('a speaker rename shows in the transcript and in search', async () => {
		const t = seedTranscript(store, seedRecording(store).id);
		const res = await send('PATCH', `/api/v1/files/transcriptions/${t.id}/speakers`, {
			speaker_id: 'tab',
			new_name: 'Dagmar',
		});
		expect(res.status).toBe(200);
		const d = await detail(t.id);
		expect(d.segments.filter((s) => s.speaker_id === 'tab').map((s) => s.speaker_name)).toEqual(
			expect.arrayContaining(['Dagmar']),
		);
		expect(d.segments.some((s) => s.speaker_name === 'Bob')).toBe(false);
		expect((await search('Dagmar')).results.map((r) => r.transcription_id)).toContain(t.id);
		expect((await search('Bob')).results.map((r) => r.transcription_id)).not.toContain(t.id);
		// Accents are folded both ways.
		expect((await search('cafe naive')).results.map((r) => r.transcription_id)).toContain(t.id);
		expect((await search('"the third quarter"')).results.map((r) => r.transcription_id)).toContain(
			t.id,
		);
	});

	it('pages through more than 100 transcriptions with an exact total', async () => {
		const audio = seedRecording(store);
		for (let i = 0; i < 105; i++) {
			seedTranscript(store, audio.id, { segments: [{ start: 0, end: 1, text: `pager ${i}` }] });
		}
		const first = transcriptionListSchema.parse(
			await (await get('/api/v1/files/transcriptions?page=1&page_size=100')).json(),
		);
		const second = transcriptionListSchema.parse(
			await (await get('/api/v1/files/transcriptions?page=2&page_size=100')).json(),
		);
		expect(first.total_count).toBeGreaterThanOrEqual(105);
		expect(first.transcriptions.length + second.transcriptions.length).toBe(first.total_count);
		const ids = new Set([...first.transcriptions, ...second.transcriptions].map((t) => t.id));
		expect(ids.size).toBe(first.total_count);
		const pager = await search('pager');
		expect(pager.total_count).toBe(105);
		const page6 = searchResponseSchema.parse(
			await (await get('/api/v1/search?q=pager&page=6&page_size=20')).json(),
		);
		expect(page6.results.length).toBe(5);
	});

	it('answers bad ids, huge texts and FTS syntax with envelopes, never a 500', async () => {
		const t = seedTranscript(store, seedRecording(store).id);
		await expectEnvelope(await get('/api/v1/files/transcriptions/bad$id'), 400, 'BAD_REQUEST');
		await expectEnvelope(
			await get(`/api/v1/files/transcriptions/${'a'.repeat(65)}`),
			400,
			'BAD_REQUEST',
		);
		await expectEnvelope(await get('/api/v1/files/recordings/bad%20id'), 400, 'BAD_REQUEST');
		await expectEnvelope(
			await get(`/api/v1/files/transcriptions/${t.id}/segments/999/versions`),
			404,
			'NOT_FOUND',
		);
		for (const seg of ['abc', '-1', '1.5', '1e99']) {
			await expectEnvelope(
				await send('PATCH', `/api/v1/files/transcriptions/${t.id}/segments/${seg}`, { text: 'x' }),
				422,
				'VALIDATION_ERROR',
			);
		}
		for (const body of [
			{ text: '' },
			{ text: '   ' },
			{ text: 'x'.repeat(10_001) },
			{ text: 3 },
			{},
			'{',
		]) {
			await expectEnvelope(
				await send('PATCH', `/api/v1/files/transcriptions/${t.id}/segments/0`, body),
				422,
				'VALIDATION_ERROR',
			);
		}
		expect((await editSegment(t.id, 0, 'y'.repeat(10_000))).text.length).toBe(10_000);

		await expectEnvelope(await get('/api/v1/search'), 422, 'VALIDATION_ERROR');
		await expectEnvelope(await get('/api/v1/search?q=%20%20'), 422, 'VALIDATION_ERROR');
		await expectEnvelope(await get(`/api/v1/search?q=${'a'.repeat(501)}`), 422, 'VALIDATION_ERROR');
		for (const q of [
			'"',
			'"unbalanced',
			'AND OR NOT',
			'NEAR(a b, 2)',
			'text:secret',
			'a* ^b -c +d',
			'(((',
			"'; DROP TABLE transcripts; --",
			'🎉 日本語',
			'\u0000\uE000\uE001',
			'*',
		]) {
			const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
			expect(res.status, q).toBe(200);
			searchResponseSchema.parse(await res.json());
		}
		expect((await search('日本語のテキスト')).results.map((r) => r.transcription_id)).toContain(
			t.id,
		);
	});
});
