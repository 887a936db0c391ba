import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { apiRootSchema } from '../../src/lib/contracts/api';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ MEETINGSCRIBE_TEST_FAULTS: '1' });
});
afterAll(async () => {
	await server?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);

async function expectEnvelope(res: Response, status: number, code: string) {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/application\/json/);
	const body = (await res.json()) as Record<string, unknown>;
	expect(errorEnvelopeSchema.parse(body).error_code).toBe(code);
	return body as { message: string; error_details?: Record<string, unknown> };
}

describe('root and health', () => {
	it('GET /api describes the API', async () => {
		const res = await get('/api');
		expect(res.status).toBe(200);
		const body = apiRootSchema.parse(await res.json());
		expect(body).toMatchObject({ success: true, status: 'running', docs: '/api/docs' });
		expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
	});

	it('GET /api/health is healthy with a timestamp', async () => {
		const body = (await (await get('/api/health')).json()) as { status: string; timestamp: string };
		expect(body.status).toBe('healthy');
		expect(Date.parse(body.timestamp)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('GET /api/v1/system/health reports each check, uptime and version', async () => {
		const res = await get('/api/v1/system/health');
		expect(res.status).toBe(200);
		const body = (await res.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ success: true, status: 'healthy', reasons: [] });
		expect(body.uptime_seconds).toBeGreaterThanOrEqual(0);
		const names = (body.checks as { name: string }[]).map((c) => c.name);
		expect(names).toEqual(expect.arrayContaining(['database', 'disk']));
	});

	it('serves the web app at /', async () => {
		const res = await get('/');
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('MeetingScribe');
	});

	it('echoes a sane x-request-id and replaces a hostile one', async () => {
		const mine = await get('/api/health', { headers: { 'x-request-id': 'abc-123' } });
		expect(mine.headers.get('x-request-id')).toBe('abc-123');
		const hostile = await get('/api/health', { headers: { 'x-request-id': 'a b\tc<script>' } });
		expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe('error envelopes', () => {
	it('unknown /api and /v1 routes are 404 envelopes, not HTML', async () => {
		await expectEnvelope(await get('/api/v1/does-not-exist'), 404, 'NOT_FOUND');
		await expectEnvelope(await get('/api/v1/files/../../etc/passwd'), 404, 'NOT_FOUND');
		await expectEnvelope(await get('/v1/nothing-here', { method: 'POST' }), 404, 'NOT_FOUND');
	});

	it('a known path with the wrong method is a 405 envelope', async () => {
		const res = await get('/api/health', { method: 'DELETE' });
		await expectEnvelope(res, 405, 'METHOD_NOT_ALLOWED');
	});

	it('malformed JSON is a 422 with the body as the field', async () => {
		const res = await get('/api/v1/system/config', {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: '{"whisper_model": ',
		});
		const body = await expectEnvelope(res, 422, 'VALIDATION_ERROR');
		expect(body.error_details?.fields).toEqual([expect.objectContaining({ path: '(body)' })]);
	});

	it('schema violations are a 422 naming every bad field', async () => {
		const res = await get('/api/v1/system/config', {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ audio_sample_rate: 'fast', audio_channels: 99, bogus: true }),
		});
		const body = await expectEnvelope(res, 422, 'VALIDATION_ERROR');
		const paths = (body.error_details?.fields as { path: string }[]).map((f) => f.path);
		expect(paths).toEqual(expect.arrayContaining(['audio_sample_rate', 'audio_channels']));
		expect(JSON.stringify(body)).toContain('bogus');
	});

	it('an unexpected failure is a 500 INTERNAL_ERROR with no internals, logged with its request id', async () => {
		const res = await get('/api/v1/debug/fault');
		const body = await expectEnvelope(res, 500, 'INTERNAL_ERROR');
		const text = JSON.stringify(body);
		expect(text).not.toContain(server.dataDir);
		expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
		const requestId = body.error_details?.request_id as string;
		expect(requestId).toBe(res.headers.get('x-request-id'));
		await expect.poll(() => server.output()).toContain(requestId);
		const logLine = server
			.output()
			.split('\n')
			.find((l) => l.includes(requestId) && l.includes('unhandled error'));
		expect(logLine).toContain('simulated failure');
	});

	it('the server keeps working after errors', async () => {
		expect((await get('/api/health')).status).toBe(200);
	});
});

describe('runtime settings', () => {
	it('reads defaults and persists a change', async () => {
		const before = (await (await get('/api/v1/system/config')).json()) as Record<string, unknown>;
		expect(before).toMatchObject({
			audio_sample_rate: 16000,
			whisper_device: 'auto',
			log_level: 'info',
		});
		const res = await get('/api/v1/system/config', {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ whisper_language: 'de', audio_channels: 1 }),
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as Record<string, unknown>;
		expect(body).toMatchObject({
			success: true,
			changes_applied: ['whisper_language'],
			old_config: { whisper_language: null },
			new_config: { whisper_language: 'de' },
		});
		const after = (await (await get('/api/v1/system/config')).json()) as Record<string, unknown>;
		expect(after.whisper_language).toBe('de');
	});
});

describe('request logs', () => {
	it('writes one structured line per API request, without secrets', async () => {
		await get('/api/health?token=secret-in-query', {
			headers: { authorization: 'Bearer very-secret', 'x-request-id': 'log-check-1' },
		});
		await expect.poll(() => server.output()).toContain('log-check-1');
		const line = server
			.output()
			.split('\n')
			.find((l) => l.includes('log-check-1'));
		const entry = JSON.parse(line ?? '{}') as Record<string, unknown>;
		expect(entry).toMatchObject({
			method: 'GET',
			path: '/api/health',
			status: 200,
			request_id: 'log-check-1',
		});
		expect(typeof entry.duration_ms).toBe('number');
		expect(server.output()).not.toContain('very-secret');
		expect(server.output()).not.toContain('secret-in-query');
	});
});
