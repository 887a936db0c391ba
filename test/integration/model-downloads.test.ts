import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemHealthSchema } from '../../src/lib/contracts/api';
import { systemEventSchema, type SystemEvent } from '../../src/lib/contracts/events';
import {
	downloadResponseSchema,
	modelDownloadSchema,
	modelListResponseSchema,
	type ModelDownload,
} from '../../src/lib/contracts/models';
import { FIXTURES } from '../helpers/audio';
import { expectEnvelope, fieldPaths } from '../helpers/envelope';
import { FIXTURE_DIR, startLocalHub, type LocalHub } from '../helpers/local-hub';
import { ROOT, startServer, tempDir } from '../helpers/server';
import { handshake } from '../helpers/sockets';

const ENCODER = 'onnx/encoder_model_quantized.onnx';
const DECODER = 'onnx/decoder_model_merged_quantized.onnx';
const NEEDED = [
	'config.json',
	'generation_config.json',
	'preprocessor_config.json',
	'tokenizer.json',
	'tokenizer_config.json',
	ENCODER,
	DECODER,
];
const neededBytes = NEEDED.reduce((n, f) => n + fs.statSync(path.join(FIXTURE_DIR, f)).size, 0);

let hub: LocalHub;
beforeAll(async () => {
	hub = await startLocalHub();
});
afterAll(async () => {
	await hub?.close();
});

/** A server with an empty MODELS_DIR that downloads from the local hub. */
async function serverWith(env: Record<string, string> = {}) {
	const modelsDir = tempDir('meetingscribe-models-');
	const server = await startServer({
		MODELS_DIR: modelsDir,
		HF_ENDPOINT: hub.url,
		WHISPER_MODEL: 'tiny',
		...env,
	});
	const events: SystemEvent[] = [];
	const hs = await handshake(server.url, '/system');
	if (!hs.ok) throw new Error(hs.message);
	hs.socket.on('system_event', (e: unknown) => events.push(systemEventSchema.parse(e)));
	return { server, modelsDir, events, socket: hs.socket };
}

type Setup = Awaited<ReturnType<typeof serverWith>>;

const post = (s: Setup, name: string) =>
	fetch(`${s.server.url}/api/v1/models/${encodeURIComponent(name)}/download`, { method: 'POST' });

async function startDownload(s: Setup, name: string): Promise<ModelDownload> {
	const res = await post(s, name);
	expect(res.status, await res.clone().text()).toBe(202);
	return downloadResponseSchema.parse(await res.json()).download;
}

/** Waits for the download's last event (done or failed). */
async function ended(s: Setup, id: string, timeoutMs = 30_000): Promise<SystemEvent> {
	const t0 = Date.now();
	for (;;) {
		const e = s.events.find(
			(x) =>
				(x.event_type === 'model_download_done' || x.event_type === 'model_download_failed') &&
				x.data.download_id === id,
		);
		if (e) return e;
		if (Date.now() - t0 > timeoutMs) throw new Error(`download ${id} did not end`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

async function models(s: Setup) {
	const res = await fetch(`${s.server.url}/api/v1/models`);
	expect(res.status).toBe(200);
	return modelListResponseSchema.parse(await res.json());
}

/** Byte-equal (toEqual on megabyte buffers is slow enough to outlast a keep-alive). */
const sameBytes = (a: string, b: string) => fs.readFileSync(a).equals(fs.readFileSync(b));

const staged = (dir: string, repo: string) =>
	fs.existsSync(path.join(dir, '.downloads', repo.replace('/', '--')));

describe('model downloads (catalogue mode, the default)', () => {
	let s: Setup;
	beforeAll(async () => {
		s = await serverWith();
	});
	afterAll(async () => {
		s?.socket.close();
		await s?.server.stop();
	});

	it('a fresh server lists the catalogue, nothing installed, and health warns about the default model', async () => {
		const list = await models(s);
		expect(list).toMatchObject({
			default_model: 'tiny',
			default_installed: false,
			downloads_mode: 'catalog',
		});
		expect(list.installed).toEqual([]);
		expect(list.catalog.map((m) => m.name)).toEqual(
			expect.arrayContaining(['tiny', 'base', 'small.en', 'large-v3', 'large-v3-turbo']),
		);
		expect(list.catalog.find((m) => m.name === 'tiny')).toMatchObject({
			is_default: true,
			installed: false,
		});
		const health = systemHealthSchema.parse(
			await (await fetch(`${s.server.url}/api/v1/system/health`)).json(),
		);
		expect(health.status).toBe('warning');
		// Start-up said so, with the next step.
		expect(s.server.output()).toContain(`Models in ${s.modelsDir}: none yet`);
		expect(s.server.output()).toContain(
			`Default model 'tiny' is not installed: download it at ${s.server.url}/settings/models (or run: npx meetingscribe models pull tiny).`,
		);
		expect(health.reasons.join(' ')).toMatch(/default model is missing.*'tiny'.*Settings → Models/);
	});

	it('a job for a missing model fails at once with MODEL_UNAVAILABLE naming the model manager, downloading nothing', async () => {
		const before = hub.requests.length;
		const form = new FormData();
		form.set('file', new Blob([fs.readFileSync(`${FIXTURES}speech.wav`)]), 'speech.wav');
		form.set('model_size', 'base');
		const res = await fetch(`${s.server.url}/api/v1/transcription/start`, {
			method: 'POST',
			body: form,
		});
		const text = JSON.stringify(await res.json());
		expect(text).toMatch(/Settings → Models/);
		expect(hub.requests.length).toBe(before);
	});

	it('downloads a catalogue model with progress events, only the needed files, and installs it', async () => {
		// Slow enough (about 0.6 s) for the progress events a user's bar is drawn from.
		hub.throttle(2_000_000);
		const started = await startDownload(s, 'tiny');
		expect(started).toMatchObject({
			model: 'tiny',
			hub_id: 'onnx-community/whisper-tiny',
			dtype: 'q8',
		});
		const end = await ended(s, started.download_id).finally(() => hub.throttle(0));
		expect(end.event_type).toBe('model_download_done');
		const progress = s.events
			.filter(
				(e) =>
					e.event_type === 'model_download_progress' && e.data.download_id === started.download_id,
			)
			.map((e) => modelDownloadSchema.parse(e.data));
		const midway = progress.filter((p) => p.bytes_done > 0 && p.bytes_done < neededBytes);
		expect(midway.length).toBeGreaterThan(0);
		expect(midway.at(-1)).toMatchObject({ status: 'running', bytes_total: neededBytes });
		expect(midway.at(-1)!.speed_bps).toBeGreaterThan(0);
		expect(midway.at(-1)!.eta_seconds).toEqual(expect.any(Number));
		const done = modelDownloadSchema.parse(end.data);
		expect(done).toMatchObject({
			status: 'completed',
			bytes_done: neededBytes,
			bytes_total: neededBytes,
			installed_id: 'onnx-community/whisper-tiny',
		});
		for (let i = 1; i < progress.length; i++)
			expect(progress[i]!.bytes_done).toBeGreaterThanOrEqual(progress[i - 1]!.bytes_done);
		// Only the files the engine reads for q8, never the fp32 ones.
		const fetched = hub.requests
			.filter((r) => r.path.startsWith('/onnx-community/whisper-tiny/resolve/'))
			.map((r) => r.path.split('/resolve/main/')[1]);
		expect(new Set(fetched)).toEqual(new Set(NEEDED));
		for (const f of NEEDED)
			expect(
				sameBytes(
					path.join(s.modelsDir, 'onnx-community/whisper-tiny', f),
					path.join(FIXTURE_DIR, f),
				),
				f,
			).toBe(true);
		expect(fs.existsSync(path.join(s.modelsDir, '.downloads'))).toBe(false);
		const list = await models(s);
		expect(list.default_installed).toBe(true);
		expect(list.catalog.find((m) => m.name === 'tiny')).toMatchObject({
			installed: true,
			installed_id: 'onnx-community/whisper-tiny',
		});
		const status: unknown = await (
			await fetch(`${s.server.url}/api/v1/models/downloads/${started.download_id}`)
		).json();
		expect(downloadResponseSchema.parse(status).download.status).toBe('completed');
		const health = systemHealthSchema.parse(
			await (await fetch(`${s.server.url}/api/v1/system/health`)).json(),
		);
		expect(health.checks.find((c) => c.name === 'models')?.status).toBe('healthy');
	});

	it('an installed model is not downloaded again (409)', async () => {
		await expectEnvelope(await post(s, 'tiny'), 409, 'CONFLICT');
	});

	it('a connection cut mid-file resumes with a Range request', async () => {
		hub.cutOnce(DECODER, 100_000);
		const started = await startDownload(s, 'base');
		const end = await ended(s, started.download_id);
		expect(end.event_type, JSON.stringify(end.data)).toBe('model_download_done');
		const resumed = hub.requests.filter(
			(r) => r.path === `/onnx-community/whisper-base/resolve/main/${DECODER}`,
		);
		expect(resumed.map((r) => r.range)).toEqual([undefined, 'bytes=100000-']);
		expect(
			sameBytes(
				path.join(s.modelsDir, 'onnx-community/whisper-base', DECODER),
				path.join(FIXTURE_DIR, DECODER),
			),
		).toBe(true);
		expect(modelDownloadSchema.parse(end.data).bytes_done).toBe(neededBytes);
	});

	it('a corrupt file is refused: nothing is installed', async () => {
		hub.corrupt(ENCODER);
		try {
			const started = await startDownload(s, 'tiny.en');
			const end = await ended(s, started.download_id);
			expect(end.event_type).toBe('model_download_failed');
			const failed = modelDownloadSchema.parse(end.data);
			expect(failed.status).toBe('failed');
			expect(failed.error_message).toMatch(/encoder_model_quantized\.onnx does not match.*sha256/);
		} finally {
			hub.corrupt(undefined);
		}
		expect(fs.existsSync(path.join(s.modelsDir, 'onnx-community/whisper-tiny.en'))).toBe(false);
		expect((await models(s)).catalog.find((m) => m.name === 'tiny.en')?.installed).toBe(false);
	});

	it('Cancel stops a download and removes its partial files', async () => {
		hub.throttle(200_000);
		try {
			const started = await startDownload(s, 'small');
			const t0 = Date.now();
			while (
				!s.events.some(
					(e) =>
						e.event_type === 'model_download_progress' &&
						e.data.download_id === started.download_id &&
						Number(e.data.bytes_done) > 0,
				)
			) {
				if (Date.now() - t0 > 10_000) throw new Error('no progress');
				await new Promise((r) => setTimeout(r, 25));
			}
			// Half-downloaded: never offered.
			expect((await models(s)).installed.map((m) => m.id)).not.toContain(
				'onnx-community/whisper-small',
			);
			const res = await fetch(`${s.server.url}/api/v1/models/downloads/${started.download_id}`, {
				method: 'DELETE',
			});
			expect(res.status).toBe(200);
			expect(downloadResponseSchema.parse(await res.json()).download.status).toBe('cancelled');
			expect((await ended(s, started.download_id)).event_type).toBe('model_download_failed');
		} finally {
			hub.throttle(0);
		}
		expect(staged(s.modelsDir, 'onnx-community/whisper-small')).toBe(false);
		expect(fs.existsSync(path.join(s.modelsDir, 'onnx-community/whisper-small'))).toBe(false);
	});

	it('arbitrary Hub repositories are refused unless MODEL_DOWNLOADS=any', async () => {
		const body = await expectEnvelope(await post(s, 'someone/whisper-custom'), 403, 'FORBIDDEN');
		expect(body.message).toMatch(/Only catalogue models.*MODEL_DOWNLOADS=any/);
		await expectEnvelope(await post(s, 'no-such-model'), 404, 'NOT_FOUND');
	});

	it('deletes an installed model; an unknown one is 404', async () => {
		const res = await fetch(`${s.server.url}/api/v1/models/base`, { method: 'DELETE' });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			removed: 'onnx-community/whisper-base',
			was_default: false,
		});
		expect(fs.existsSync(path.join(s.modelsDir, 'onnx-community/whisper-base'))).toBe(false);
		await expectEnvelope(
			await fetch(`${s.server.url}/api/v1/models/base`, { method: 'DELETE' }),
			404,
			'NOT_FOUND',
		);
	});
	it('settings refuse an unknown language or model (422), and accept a model copied in by hand', async () => {
		const put = (body: unknown) =>
			fetch(`${s.server.url}/api/v1/system/config`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const both = await expectEnvelope(
			await put({ whisper_language: 'klingon', whisper_model: 'no-such-model' }),
			422,
			'VALIDATION_ERROR',
		);
		expect(fieldPaths(both).sort()).toEqual(['whisper_language', 'whisper_model']);
		expect(JSON.stringify(both)).toMatch(/neither installed nor in the catalogue/);
		const named = await put({ whisper_language: 'French' });
		expect(await named.json()).toMatchObject({ new_config: { whisper_language: 'fr' } });
		const auto = await put({ whisper_language: 'auto' });
		expect(await auto.json()).toMatchObject({ new_config: { whisper_language: null } });
		// A catalogue model that is not installed yet is a valid choice (the manager offers it).
		expect((await put({ whisper_model: 'large-v3' })).status).toBe(200);
		await expectEnvelope(await put({ whisper_model: 'my-whisper' }), 422, 'VALIDATION_ERROR');
		fs.cpSync(FIXTURE_DIR, path.join(s.modelsDir, 'my-whisper'), { recursive: true });
		const copied = await put({ whisper_model: 'my-whisper' });
		expect(copied.status).toBe(200);
		expect((await models(s)).installed.map((m) => m.id)).toContain('my-whisper');
		expect((await put({ whisper_model: 'tiny' })).status).toBe(200);
	});
});

describe('MODEL_DOWNLOADS=any and =off', () => {
	it('any: a Hub repository outside the catalogue downloads', async () => {
		const extra = await startLocalHub({ 'someone/whisper-custom': FIXTURE_DIR });
		const s = await serverWith({ MODEL_DOWNLOADS: 'any', HF_ENDPOINT: extra.url });
		try {
			const started = await startDownload(s, 'someone/whisper-custom');
			expect((await ended(s, started.download_id)).event_type).toBe('model_download_done');
			expect((await models(s)).installed.map((m) => m.id)).toContain('someone/whisper-custom');
		} finally {
			s.socket.close();
			await s.server.stop();
			await extra.close();
		}
	});

	it('off: downloads are refused naming the folder to fill, and the hub is never asked', async () => {
		const s = await serverWith({ MODEL_DOWNLOADS: 'off' });
		const before = hub.requests.length;
		try {
			const body = await expectEnvelope(await post(s, 'tiny'), 403, 'FORBIDDEN');
			expect(body.message).toContain(
				`MODEL_DOWNLOADS=off): copy the model's files into ${path.join(s.modelsDir, 'onnx-community/whisper-tiny')}`,
			);
			expect(s.server.output()).toContain(
				`Default model 'tiny' is not installed, and downloads are off on this server (MODEL_DOWNLOADS=off): copy its files into ${path.join(s.modelsDir, 'onnx-community/whisper-tiny')}.`,
			);
			const list = await models(s);
			expect(list.downloads_mode).toBe('off');
			const health = systemHealthSchema.parse(
				await (await fetch(`${s.server.url}/api/v1/system/health`)).json(),
			);
			expect(health.reasons.join(' ')).toMatch(/downloads are off/);
			expect(health.reasons.join(' ')).not.toMatch(/models pull|Settings → Models/);
			expect(hub.requests.length).toBe(before);
		} finally {
			s.socket.close();
			await s.server.stop();
		}
	});

	it('an unreachable hub fails the download in one sentence naming the folder', async () => {
		const s = await serverWith({ HF_ENDPOINT: 'http://127.0.0.1:9' });
		try {
			const started = await startDownload(s, 'tiny');
			const end = modelDownloadSchema.parse((await ended(s, started.download_id)).data);
			expect(end.error_message).toMatch(
				new RegExp(
					`cannot be reached .*copy the model's files into ${path.join(s.modelsDir, 'onnx-community/whisper-tiny')} by hand`,
				),
			);
		} finally {
			s.socket.close();
			await s.server.stop();
		}
	});
});

describe('a CLI `models pull` beside the server', () => {
	it('shows in the server’s events and list as it goes, cannot be cancelled from there, and ends installed', async () => {
		const s = await serverWith();
		// About three seconds for the whole model, so the server's watcher sees it under way.
		hub.throttle(Math.ceil(neededBytes / 3));
		const cli = spawn(process.execPath, ['bin/meetingscribe.js', 'models', 'pull', 'base'], {
			cwd: ROOT,
			env: {
				...process.env,
				MODELS_DIR: s.modelsDir,
				HF_ENDPOINT: hub.url,
				DATA_DIR: tempDir(),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
		cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
		const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
		try {
			const seen = await waitFor(() =>
				s.events.find(
					(e) =>
						e.event_type === 'model_download_progress' &&
						e.data.hub_id === 'onnx-community/whisper-base' &&
						e.data.status === 'running' &&
						Number(e.data.bytes_done) > 0,
				),
			);
			const id = String(seen.data.download_id);
			expect((await models(s)).downloads.map((d) => d.download_id)).toContain(id);
			const cancel = await fetch(`${s.server.url}/api/v1/models/downloads/${id}`, {
				method: 'DELETE',
			});
			const refusal = await expectEnvelope(cancel, 409, 'CONFLICT');
			expect(refusal.message).toMatch(/another MeetingScribe process/);

			expect(await exited, output).toBe(0);
			expect((await ended(s, id)).event_type).toBe('model_download_done');
			const list = await models(s);
			expect(list.installed.map((m) => m.id)).toContain('onnx-community/whisper-base');
			expect(list.downloads).toEqual([]);
		} finally {
			hub.throttle(0);
			cli.kill();
			s.socket.close();
			await s.server.stop();
		}
	});
});

describe('a CLI `models pull` of a model the server is downloading', () => {
	it('follows the server’s download to its end instead of starting another', async () => {
		const s = await serverWith();
		hub.throttle(Math.ceil(neededBytes / 3));
		const before = hub.requests.length;
		try {
			const started = await startDownload(s, 'base');
			const cli = spawn(process.execPath, ['bin/meetingscribe.js', 'models', 'pull', 'base'], {
				cwd: ROOT,
				env: { ...process.env, MODELS_DIR: s.modelsDir, HF_ENDPOINT: hub.url, DATA_DIR: tempDir() },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
			cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
			const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
			expect(code, output).toBe(0);
			expect(output).toContain(`Installed onnx-community/whisper-base in ${s.modelsDir}`);
			expect((await ended(s, started.download_id)).event_type).toBe('model_download_done');
			// One download of each file: the CLI fetched nothing itself.
			const fetched = hub.requests
				.slice(before)
				.filter((r) => r.path.includes('whisper-base/resolve/'));
			expect(new Set(fetched.map((r) => r.path)).size).toBe(fetched.length);
		} finally {
			hub.throttle(0);
			s.socket.close();
			await s.server.stop();
		}
	});
});

/** Polls until `find` returns something (what the server announced, say). */
async function waitFor<T>(find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
	for (const until = Date.now() + timeoutMs; ;) {
		const found = find();
		if (found !== undefined) return found;
		if (Date.now() > until) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 25));
	}
}
