import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	deleteFileResponseSchema,
	EXPORT_FORMATS,
	exportListSchema,
	exportResponseSchema,
	recordingListSchema,
	transcriptionListSchema,
	type ExportFile,
} from '../../src/lib/contracts/files';
import { transcriptJsonSchema } from '../../src/lib/contracts/transcript-json';
import type { AudioFileRecord, TranscriptRecord } from '../../src/lib/server/infra/db/records';
import { expectEnvelope, fieldPaths } from '../helpers/envelope';
import { exists, openStore, seedRecording, seedTranscript, type Store } from '../helpers/files';
import { rawGet } from '../helpers/raw-http';
import { startServer, type RunningServer } from '../helpers/server';
import { readWithFfmpeg } from '../helpers/subtitles';

let server: RunningServer;
let store: Store;
/** Seeded first and never deleted: every test that abuses the API checks it is still whole. */
let keeper: { audio: AudioFileRecord; bytes: Buffer; transcript: TranscriptRecord };

const FILES = '/api/v1/files';
const api = (p: string, init?: RequestInit) => fetch(server.url + FILES + p, init);
const sendJson = (method: string, p: string, body: unknown) =>
	api(p, {
		method,
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
const postExport = (body: unknown) => sendJson('POST', '/export', body);
const del = (id: string, body: unknown) => sendJson('DELETE', `/${id}`, body);
const fileBytes = (rel: string) => fs.readFileSync(path.join(server.dataDir, rel));

async function exportAll(transcriptionId: string): Promise<ExportFile[]> {
	const res = await postExport({ transcription_id: transcriptionId, formats: [...EXPORT_FORMATS] });
	expect(res.status).toBe(201);
	return exportResponseSchema.parse(await res.json()).export_files;
}

beforeAll(async () => {
	server = await startServer();
	store = openStore(server.dataDir);
	const audio = seedRecording(store, {
		filename: 'Réunion 🎉 "Q3".wav',
		seconds: 2,
		createdAt: '2020-01-01T00:00:00.000Z',
	});
	keeper = {
		audio,
		bytes: fileBytes(audio.relPath),
		transcript: seedTranscript(store, audio.id, { createdAt: '2020-01-01T00:00:01.000Z' }),
	};
});
afterAll(async () => {
	store?.close();
	await server?.stop();
});

describe('GET /recordings and /transcriptions', () => {
	it('list newest first with the contract shapes and a total count', async () => {
		const seeded = [1, 2, 3].map((d) =>
			seedRecording(store, { createdAt: `2030-01-0${d}T00:00:00.000Z` }),
		);
		const res = await api('/recordings');
		expect(res.status).toBe(200);
		const body = recordingListSchema.parse(await res.json());
		expect(body).toMatchObject({ success: true, page: 1, page_size: 20 });
		expect(body.recordings.slice(0, 3).map((r) => r.id)).toEqual(seeded.map((s) => s.id).reverse());
		expect(body.total_count).toBe(body.recordings.length);
		const mine = body.recordings.find((r) => r.id === keeper.audio.id);
		expect(mine).toMatchObject({
			filename: 'Réunion 🎉 "Q3".wav',
			path: keeper.audio.relPath,
			size_bytes: keeper.bytes.length,
			duration_seconds: 2,
			duration_formatted: '00:00:02',
			sample_rate: 16000,
			channels: 1,
			audio_format: 'wav',
		});
	});

	it('pages with page and page_size; a page past the end is an empty list', async () => {
		const all = recordingListSchema.parse(await (await api('/recordings?page_size=100')).json());
		const p2 = recordingListSchema.parse(
			await (await api('/recordings?page=2&page_size=2')).json(),
		);
		expect(p2.recordings.map((r) => r.id)).toEqual(all.recordings.slice(2, 4).map((r) => r.id));
		expect(p2).toMatchObject({ page: 2, page_size: 2, total_count: all.total_count });
		for (const page of ['50', '1000000000', String(Number.MAX_SAFE_INTEGER)]) {
			const res = await api(`/recordings?page=${page}&page_size=100`);
			expect(res.status).toBe(200);
			const body = recordingListSchema.parse(await res.json());
			expect(body.recordings).toEqual([]);
			expect(body.total_count).toBe(all.total_count);
		}
	});

	it('rejects bad page numbers and sizes with 422 naming the field', async () => {
		const cases: [string, string][] = [
			['page=0', 'page'],
			['page=-1', 'page'],
			['page=abc', 'page'],
			['page=1.5', 'page'],
			['page=1e20', 'page'],
			['page=', 'page'],
			['page_size=0', 'page_size'],
			['page_size=101', 'page_size'],
			['page_size=ten', 'page_size'],
		];
		for (const [query, field] of cases) {
			for (const list of ['/recordings', '/transcriptions', '/exports']) {
				const body = await expectEnvelope(await api(`${list}?${query}`), 422, 'VALIDATION_ERROR');
				expect(fieldPaths(body), `${list}?${query}`).toEqual([field]);
			}
		}
	});

	it('lists transcriptions with their text, speakers and where to download them', async () => {
		const t = seedTranscript(store, seedRecording(store).id, { language: 'de' });
		const body = transcriptionListSchema.parse(
			await (await api('/transcriptions?page_size=100')).json(),
		);
		expect(body.transcriptions[0]).toMatchObject({
			id: t.id,
			audio_file_id: t.audioFileId,
			language: 'de',
			model_used: 'base',
			word_count: 79,
			speakers: ['Alice', 'Bob'],
			path: `${FILES}/download/${t.id}`,
		});
		expect(body.transcriptions[0]!.full_text).toContain('Good morning everyone');
		expect(body.transcriptions.map((x) => x.id)).toContain(keeper.transcript.id);
	});
});

describe('GET /download/{id}', () => {
	const audioUrl = () => `/download/${keeper.audio.id}`;

	it('serves a recording whole, with type, length and a unicode filename', async () => {
		const res = await api(audioUrl());
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('audio/wav');
		expect(res.headers.get('accept-ranges')).toBe('bytes');
		expect(res.headers.get('content-length')).toBe(String(keeper.bytes.length));
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="Reunion _ _Q3_.wav"; filename*=UTF-8''R%C3%A9union%20%F0%9F%8E%89%20%22Q3%22.wav`,
		);
		expect(Buffer.from(await res.arrayBuffer()).equals(keeper.bytes)).toBe(true);
	});

	it('serves byte ranges: first bytes, suffix and open-ended', async () => {
		const size = keeper.bytes.length;
		const cases: [string, number, number][] = [
			['bytes=0-99', 0, 99],
			['bytes=-100', size - 100, size - 1],
			['bytes=100-', 100, size - 1],
			['bytes=44-44', 44, 44],
			['bytes=1000-999999999', 1000, size - 1],
		];
		for (const [range, start, end] of cases) {
			const res = await api(audioUrl(), { headers: { range } });
			expect(res.status, range).toBe(206);
			expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
			expect(res.headers.get('content-length')).toBe(String(end - start + 1));
			const body = Buffer.from(await res.arrayBuffer());
			expect(body.equals(keeper.bytes.subarray(start, end + 1)), range).toBe(true);
		}
	});

	it('answers an unsatisfiable range with 416 and the size, and ignores an invalid one', async () => {
		const size = keeper.bytes.length;
		for (const range of [`bytes=${size}-`, 'bytes=999999999-', 'bytes=-0']) {
			const res = await api(audioUrl(), { headers: { range } });
			await expectEnvelope(res, 416, 'RANGE_NOT_SATISFIABLE');
			expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
		}
		for (const range of ['bytes=abc', 'pages=1-2', 'bytes=5-1', 'bytes=0-1,4-5']) {
			const res = await api(audioUrl(), { headers: { range } });
			expect(res.status, range).toBe(200);
			expect((await res.arrayBuffer()).byteLength).toBe(size);
		}
	});

	it('honours If-Range: a matching validator gets the range, a stale one the whole file', async () => {
		const etag = (await api(audioUrl(), { method: 'HEAD' })).headers.get('etag')!;
		expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
		const fresh = await api(audioUrl(), { headers: { range: 'bytes=0-9', 'if-range': etag } });
		expect(fresh.status).toBe(206);
		await fresh.arrayBuffer();
		const stale = await api(audioUrl(), { headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
		expect(stale.status).toBe(200);
		expect((await stale.arrayBuffer()).byteLength).toBe(keeper.bytes.length);
	});

	it('answers HEAD with the headers only', async () => {
		const res = await api(audioUrl(), { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe(String(keeper.bytes.length));
		expect((await res.arrayBuffer()).byteLength).toBe(0);
	});

	it('serves a transcription as its JSON export', async () => {
		const res = await api(`/download/${keeper.transcript.id}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''R%C3%A9union`);
		const body = transcriptJsonSchema.parse(await res.json());
		expect(body.speakers).toEqual(['Alice', 'Bob']);
		expect(body.metadata?.transcription_id).toBe(keeper.transcript.id);
	});

	it('narrows by file_type, and answers unknown ids with 404', async () => {
		const wrongKind = await api(`/download/${keeper.audio.id}?file_type=transcription`);
		await expectEnvelope(wrongKind, 404, 'NOT_FOUND');
		expect((await api(`/download/${keeper.audio.id}?file_type=recording`)).status).toBe(200);
		await expectEnvelope(await api('/download/does-not-exist'), 404, 'NOT_FOUND');
		const bad = await expectEnvelope(
			await api(`/download/${keeper.audio.id}?file_type=disk`),
			422,
			'VALIDATION_ERROR',
		);
		expect(fieldPaths(bad)).toEqual(['file_type']);
	});

	it('refuses traversal and absurd ids without touching the disk', async () => {
		for (const id of [
			'..%2F..%2Fetc%2Fpasswd',
			'%2Fetc%2Fpasswd',
			'..',
			'%2e%2e',
			'a'.repeat(1000),
			'x%00y',
		]) {
			const res = await api(`/download/${id}`);
			expect([400, 404], id).toContain(res.status);
			expect(res.headers.get('content-type'), id).toMatch(/application\/json/);
			const text = await res.text();
			expect(text).not.toContain('root:');
		}
		// Unnormalised dot segments, as a raw client can send them.
		const raw = await rawGet(server.url, `${FILES}/download/../../../../etc/passwd`);
		expect(raw.status).toBe(404);
		expect(raw.body).not.toContain('root:');
	});

	it('streams large files and lets go of them when the client goes away', async () => {
		const audio = seedRecording(store, { seconds: 600 });
		const abort = new AbortController();
		const res = await api(`/download/${audio.id}`, { signal: abort.signal });
		expect(res.headers.get('content-length')).toBe(String(audio.sizeBytes));
		const reader = res.body!.getReader();
		expect((await reader.read()).value!.length).toBeGreaterThan(0);
		const file = path.join(server.dataDir, audio.relPath);
		const openFiles = () =>
			fs.readdirSync(`/proc/${server.proc.pid}/fd`).flatMap((fd) => {
				try {
					return [fs.readlinkSync(`/proc/${server.proc.pid}/fd/${fd}`)];
				} catch {
					return [];
				}
			});
		// 19 MB cannot all sit in socket buffers: the server is still reading the file.
		expect(openFiles()).toContain(file);
		abort.abort();
		await reader.closed.catch(() => undefined);
		await expect.poll(openFiles, { timeout: 10_000 }).not.toContain(file);
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});

	it('answers 404, not 500, when a row outlived its file', async () => {
		const audio = seedRecording(store);
		fs.rmSync(path.join(server.dataDir, audio.relPath));
		await expectEnvelope(await api(`/download/${audio.id}`), 404, 'NOT_FOUND');
	});
});

describe('POST /export and GET /exports', () => {
	it('writes all eight formats at once, each downloadable and readable', async () => {
		const t = seedTranscript(store, seedRecording(store, { filename: 'Weekly sync.wav' }).id);
		const res = await postExport({
			transcription_id: t.id,
			formats: ['txt', 'srt', 'vtt', 'json', 'tsv', 'md', 'docx', 'rttm', 'srt', 'txt'],
		});
		expect(res.status).toBe(201);
		const body = exportResponseSchema.parse(await res.json());
		expect(body.total_files).toBe(8);
		expect(body.export_files.map((e) => e.format)).toEqual([...EXPORT_FORMATS]);
		const types: Record<string, RegExp> = {
			txt: /^text\/plain/,
			srt: /^application\/x-subrip/,
			vtt: /^text\/vtt/,
			json: /^application\/json/,
			tsv: /^text\/tab-separated-values/,
			md: /^text\/markdown/,
			docx: /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/,
			rttm: /^text\/plain/,
		};
		for (const e of body.export_files) {
			expect(e).toMatchObject({ transcription_id: t.id, filename: `Weekly sync.${e.format}` });
			expect(exists(store, e.path)).toBe(true);
			const dl = await api(`/download/${e.id}`);
			expect(dl.status, e.format).toBe(200);
			expect(dl.headers.get('content-type'), e.format).toMatch(types[e.format]!);
			expect(dl.headers.get('content-disposition')).toContain(`filename="Weekly sync.${e.format}"`);
			const bytes = Buffer.from(await dl.arrayBuffer());
			expect(bytes.length).toBe(e.size_bytes);
			expect(bytes.equals(fileBytes(e.path))).toBe(true);
			if (e.format === 'srt' || e.format === 'vtt') {
				expect(readWithFfmpeg(bytes, e.format).length).toBeGreaterThan(7);
			} else if (e.format === 'docx') {
				const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
				expect(xml).toContain('Alice');
				expect(xml).toContain('One hour in, still going.');
			} else if (e.format === 'rttm') {
				// Speaker turns only, no text: the last one is Alice's, an hour in.
				expect(bytes.toString()).toMatch(
					/^SPEAKER Weekly_sync \d 3605\.250 6\.500 <NA> <NA> Alice <NA> <NA>$/m,
				);
			} else if (e.format === 'json') {
				expect(transcriptJsonSchema.parse(JSON.parse(bytes.toString())).segments).toHaveLength(7);
			} else {
				expect(bytes.toString()).toContain('One hour in, still going.');
			}
		}

		const listed = exportListSchema.parse(
			await (await api(`/exports?transcription_id=${t.id}`)).json(),
		);
		expect(listed.total_count).toBe(8);
		expect(listed.exports.map((e) => e.id).sort()).toEqual(
			body.export_files.map((e) => e.id).sort(),
		);
		const page = exportListSchema.parse(
			await (await api(`/exports?transcription_id=${t.id}&page=2&page_size=5`)).json(),
		);
		expect(page.exports).toHaveLength(3);
		const all = exportListSchema.parse(await (await api('/exports?page_size=100')).json());
		expect(all.total_count).toBeGreaterThanOrEqual(8);
		const none = exportListSchema.parse(
			await (await api('/exports?transcription_id=nobody')).json(),
		);
		expect(none).toMatchObject({ exports: [], total_count: 0 });
	});

	it('honours include_metadata and include_timestamps', async () => {
		const res = await postExport({
			transcription_id: keeper.transcript.id,
			formats: ['txt'],
			include_metadata: false,
			include_timestamps: false,
		});
		const [txt] = exportResponseSchema.parse(await res.json()).export_files;
		const text = await (await api(`/download/${txt!.id}`)).text();
		expect(text.startsWith("Alice: Good morning everyone, let's get started.\n\nBob:")).toBe(true);
		expect(text).not.toMatch(/\[\d\d:\d\d:\d\d\]/);
	});

	it('rejects bad requests with 422 naming the field, and unknown transcriptions with 404', async () => {
		const id = keeper.transcript.id;
		const cases: [unknown, string[]][] = [
			['{"transcription_id": ', ['(body)']],
			['[1, 2]', ['(root)']],
			[{ transcription_id: id, formats: [] }, ['formats']],
			[{ transcription_id: id, formats: ['pdf'] }, ['formats.0']],
			[{ transcription_id: id, formats: ['SRT', 'txt'] }, ['formats.0']],
			[{ transcription_id: id, formats: 'srt' }, ['formats']],
			[{ transcription_id: id }, ['formats']],
			[{ formats: ['srt'] }, ['transcription_id']],
			[{ transcription_id: 42, formats: ['srt'] }, ['transcription_id']],
			[{ transcription_id: '../../etc/passwd', formats: ['srt'] }, ['transcription_id']],
			[{ transcription_id: id, formats: ['srt'], include_metadata: 'yes' }, ['include_metadata']],
			[{ transcription_id: id, formats: ['srt'], overwrite: true }, ['(root)']],
		];
		for (const [body, paths] of cases) {
			const err = await expectEnvelope(await postExport(body), 422, 'VALIDATION_ERROR');
			expect(fieldPaths(err), JSON.stringify(body)).toEqual(paths);
		}
		await expectEnvelope(
			await postExport({ transcription_id: 'nope', formats: ['srt'] }),
			404,
			'NOT_FOUND',
		);
		const bad = await expectEnvelope(
			await api('/exports?transcription_id=..%2Fx'),
			422,
			'VALIDATION_ERROR',
		);
		expect(fieldPaths(bad)).toEqual(['transcription_id']);
	});
});

describe('DELETE /{id}', () => {
	it('deletes a recording with its transcriptions and exports, rows and files', async () => {
		const audio = seedRecording(store);
		const t1 = seedTranscript(store, audio.id);
		const t2 = seedTranscript(store, audio.id, { language: 'fr' });
		const exports = [...(await exportAll(t1.id)), ...(await exportAll(t2.id))];
		expect(exports.every((e) => exists(store, e.path))).toBe(true);

		const res = await del(audio.id, { file_type: 'recording', confirm_delete: true });
		expect(res.status).toBe(200);
		expect(deleteFileResponseSchema.parse(await res.json()).deleted).toEqual({
			id: audio.id,
			file_type: 'recording',
			transcriptions_deleted: 2,
			exports_deleted: 2 * EXPORT_FORMATS.length,
		});
		expect(exists(store, audio.relPath)).toBe(false);
		expect(exports.filter((e) => exists(store, e.path))).toEqual([]);
		expect(store.repos.recordings.get(audio.id)).toBeUndefined();
		expect(store.repos.transcripts.listByAudioFile(audio.id)).toEqual([]);
		for (const id of [audio.id, t1.id, t2.id, exports[0]!.id]) {
			await expectEnvelope(await api(`/download/${id}`), 404, 'NOT_FOUND');
		}
		await expectEnvelope(
			await del(audio.id, { file_type: 'recording', confirm_delete: true }),
			404,
			'NOT_FOUND',
		);
	});

	it('deletes a transcription with its exports, keeping the recording', async () => {
		const audio = seedRecording(store);
		const t = seedTranscript(store, audio.id);
		const exports = await exportAll(t.id);
		const res = await del(t.id, { file_type: 'transcription', confirm_delete: true });
		expect(deleteFileResponseSchema.parse(await res.json()).deleted).toMatchObject({
			transcriptions_deleted: 1,
			exports_deleted: EXPORT_FORMATS.length,
		});
		expect(exports.filter((e) => exists(store, e.path))).toEqual([]);
		expect(exists(store, audio.relPath)).toBe(true);
		expect((await api(`/download/${audio.id}`, { headers: { range: 'bytes=0-3' } })).status).toBe(
			206,
		);
	});

	it('deletes one export', async () => {
		const [first, second] = await exportAll(keeper.transcript.id);
		const res = await del(first!.id, { file_type: 'export', confirm_delete: true });
		expect(res.status).toBe(200);
		expect(exists(store, first!.path)).toBe(false);
		expect(exists(store, second!.path)).toBe(true);
	});

	it('needs confirm_delete: true and a known file_type; deletes nothing otherwise', async () => {
		const id = keeper.audio.id;
		const cases: [unknown, string[]][] = [
			[{ file_type: 'recording' }, ['confirm_delete']],
			[{ file_type: 'recording', confirm_delete: false }, ['confirm_delete']],
			[{ file_type: 'recording', confirm_delete: 'true' }, ['confirm_delete']],
			[{ file_type: 'audio', confirm_delete: true }, ['file_type']],
			[{ confirm_delete: true }, ['file_type']],
			['', ['file_type', 'confirm_delete']],
			['{not json', ['(body)']],
		];
		for (const [body, paths] of cases) {
			const err = await expectEnvelope(await del(id, body), 422, 'VALIDATION_ERROR');
			expect(fieldPaths(err), JSON.stringify(body)).toEqual(paths);
		}
		const err = await expectEnvelope(
			await del(id, { file_type: 'recording' }),
			422,
			'VALIDATION_ERROR',
		);
		expect(JSON.stringify(err)).toContain('confirm_delete to true');
		await expectEnvelope(
			await del(id, { file_type: 'export', confirm_delete: true }),
			404,
			'NOT_FOUND',
		);
		await expectEnvelope(
			await del('..%2Fmeetingscribe.db', { file_type: 'recording', confirm_delete: true }),
			400,
			'BAD_REQUEST',
		);
		await expectEnvelope(
			await del('nope', { file_type: 'recording', confirm_delete: true }),
			404,
			'NOT_FOUND',
		);
		expect(exists(store, keeper.audio.relPath)).toBe(true);
	});

	it('refuses to delete a recording a job is transcribing (409)', async () => {
		const audio = seedRecording(store);
		store.repos.jobs.insert({
			id: `job-${audio.id.slice(0, 8)}`,
			status: 'pending',
			priority: 0,
			progress: 0,
			audioFileId: audio.id,
			options: {},
			modelUsed: null,
			language: null,
			transcriptId: null,
			errorMessage: null,
			createdAt: new Date().toISOString(),
			startedAt: null,
			completedAt: null,
		});
		await expectEnvelope(
			await del(audio.id, { file_type: 'recording', confirm_delete: true }),
			409,
			'CONFLICT',
		);
		expect(exists(store, audio.relPath)).toBe(true);
	});
});

describe('after all that', () => {
	it('the server still works, nothing stored earlier is damaged, and nothing was a 500', async () => {
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
		const res = await api(`/download/${keeper.audio.id}`);
		expect(Buffer.from(await res.arrayBuffer()).equals(keeper.bytes)).toBe(true);
		const json = transcriptJsonSchema.parse(
			await (await api(`/download/${keeper.transcript.id}`)).json(),
		);
		expect(json.segments).toHaveLength(7);
		expect(server.output()).not.toContain('"status":500');
		expect(server.output()).not.toContain('unhandled error in API route');
	});
});
