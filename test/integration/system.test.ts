import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemHealthSchema } from '../../src/lib/contracts/api';
import {
	createApiKeyResponseSchema,
	revokeApiKeyResponseSchema,
} from '../../src/lib/contracts/auth';
import { systemEventSchema } from '../../src/lib/contracts/events';
import { buildOpenApiDocument } from '../../src/lib/contracts/openapi/document';
import { systemConfigSchema } from '../../src/lib/contracts/settings';
import { configChangedEventSchema, apiKeyEventSchema } from '../../src/lib/contracts/system-events';
import {
	configUpdateResponseSchema,
	GPU_NOT_PROBED,
	systemInfoResponseSchema,
	systemStatusSchema,
} from '../../src/lib/contracts/system';
import { startServer, type RunningServer } from '../helpers/server';
import { handshake } from '../helpers/sockets';

let server: RunningServer;
const get = async (p: string) => {
	const res = await fetch(server.url + p);
	expect(res.status, p).toBe(200);
	return res.json() as Promise<unknown>;
};
const put = (body: unknown) =>
	fetch(server.url + '/api/v1/system/config', {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('system endpoints', () => {
	it('GET /status: health, info, activity and file totals', async () => {
		const status = systemStatusSchema.parse(await get('/api/v1/system/status'));
		expect(status.health.status).toBe('healthy');
		expect(status.active_recordings).toBe(0);
		expect(status.active_transcriptions).toBe(0);
		expect(status.total_files).toEqual({ recordings: 0, transcriptions: 0, exports: 0 });
	});

	it('GET /info: the machine, the models, and "not probed yet" until the engine starts', async () => {
		fs.writeFileSync(path.join(server.dataDir, 'exports', 'sized.bin'), Buffer.alloc(100_000));
		const info = systemInfoResponseSchema.parse(await get('/api/v1/system/info'));
		expect(info.cpu.cores).toBeGreaterThan(0);
		expect(info.runtime_version).toMatch(/^Node\.js v\d+/);
		expect(info.memory.total_bytes).toBeGreaterThan(info.memory.process_rss_bytes);
		expect(info.storage.used_bytes).toBeGreaterThanOrEqual(100_000);
		expect(info.storage.free_bytes).toBeGreaterThan(0);
		expect(info.gpu).toEqual({
			providers_tried: [],
			provider_in_use: null,
			detail: GPU_NOT_PROBED,
		});
		expect(['low', 'medium', 'high']).toContain(info.performance_level);
		// The engine reports the models in MODELS_DIR (the test fixture here).
		expect(info.available_models).toContainEqual(
			expect.objectContaining({ id: 'whisper-test', multilingual: expect.any(Boolean) as unknown }),
		);
		expect(info.available_devices).toEqual([]);
		expect(JSON.stringify(info)).not.toContain(server.dataDir);
	});

	it('GET /health keeps its shape', async () => {
		systemHealthSchema.parse(await get('/api/v1/system/health'));
	});

	it('PUT /config answers old_config, new_config and changes_applied, and keeps what it omits', async () => {
		systemConfigSchema.parse(await get('/api/v1/system/config'));
		expect((await put({ audio_channels: 1 })).status).toBe(200);
		const res = await put({ whisper_language: 'fr', audio_channels: 1 });
		const change = configUpdateResponseSchema.parse(await res.json());
		expect(change.changes_applied).toEqual(['whisper_language']);
		expect(change.old_config.audio_channels).toBe(1);
		expect(change.new_config).toMatchObject({ whisper_language: 'fr', audio_channels: 1 });
		const unchanged = configUpdateResponseSchema.parse(await (await put({ debug: false })).json());
		expect(unchanged.changes_applied).toEqual([]);
		expect(unchanged.new_config.audio_channels).toBe(1);
	});
});

describe('system events', () => {
	it('announce config changes and API keys on /system', async () => {
		const result = await handshake(server.url, '/system');
		if (!result.ok) throw new Error(result.message);
		const events: unknown[] = [];
		result.socket.on('system_event', (e: unknown) => events.push(e));

		await put({ local_speaker_name: 'Grace' });
		const created = createApiKeyResponseSchema.parse(
			await (
				await fetch(server.url + '/api/v1/system/keys', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ name: 'events' }),
				})
			).json(),
		);
		const revoked = revokeApiKeyResponseSchema.parse(
			await (
				await fetch(server.url + `/api/v1/system/keys/${created.api_key.id}`, { method: 'DELETE' })
			).json(),
		);
		expect(revoked.api_key.revoked_at).not.toBeNull();

		await expect.poll(() => events.length).toBeGreaterThanOrEqual(3);
		const [config, keyCreated, keyRevoked] = events.map((e) => systemEventSchema.parse(e));
		expect(config?.event_type).toBe('config_changed');
		expect(configChangedEventSchema.parse(config?.data).changes_applied).toEqual([
			'local_speaker_name',
		]);
		expect(keyCreated?.event_type).toBe('api_key_created');
		expect(keyRevoked?.event_type).toBe('api_key_revoked');
		expect(apiKeyEventSchema.parse(keyRevoked?.data).id).toBe(created.api_key.id);
		expect(JSON.stringify(events)).not.toContain(created.secret);
		result.socket.close();
	});
});

describe('documentation', () => {
	it('serves the OpenAPI document generated from the specs', async () => {
		const res = await fetch(server.url + '/api/openapi.json');
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		const { version } = (await (await fetch(server.url + '/api')).json()) as { version: string };
		expect(await res.json()).toEqual(buildOpenApiDocument({ version }));
	});

	it('serves the interactive viewer from this origin, under a policy without inline scripts', async () => {
		const res = await fetch(server.url + '/api/docs');
		expect(res.status).toBe(200);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("script-src 'self';");
		expect(csp).toContain("connect-src 'self'");
		const html = await res.text();
		const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
		expect(urls.filter((u) => !u.startsWith('/'))).toEqual([]);
		expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
		for (const url of urls.filter((u) => /\.(js|css)\b/.test(u))) {
			const file = await fetch(server.url + url);
			expect(file.status, url).toBe(200);
			expect(file.headers.get('content-type'), url).toMatch(/^text\/(javascript|css)/);
		}
		expect(html).toContain('/api/docs/reference');
	});

	it('serves only the allowed files of the viewer package', async () => {
		for (const name of ['package.json', 'index.html', '..%2Fpackage.json', 'swagger-ui.js']) {
			const res = await fetch(`${server.url}/api/docs/assets/${name}`);
			expect(res.status, name).toBe(404);
			expect(await res.json()).toMatchObject({ success: false, error_code: 'NOT_FOUND' });
		}
	});

	it('keeps the error catalogue and the realtime events on /api/docs/reference', async () => {
		const res = await fetch(server.url + '/api/docs/reference');
		expect(res.status).toBe(200);
		const html = await res.text();
		for (const text of ['RATE_LIMITED', '/system', 'Realtime']) expect(html).toContain(text);
		const external = [...html.matchAll(/(?:src|href)="(https?:)?\/\/[^"]+"/g)].map((m) => m[0]);
		expect(external).toEqual([]);
	});
});
