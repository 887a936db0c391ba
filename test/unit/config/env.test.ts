import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../src/lib/server/infra/config/env';

describe('parseEnv', () => {
	it('applies the documented defaults, resolving folders against the working directory', () => {
		const c = parseEnv({}, '/srv/app');
		expect(c).toMatchObject({
			PORT: 3000,
			HOST: '127.0.0.1',
			DATA_DIR: '/srv/app/data',
			MODELS_DIR: '/srv/app/models',
			LOG_LEVEL: 'info',
			ALLOW_REMOTE_MODELS: false,
			DEVICE: 'auto',
			isLoopback: true,
		});
	});

	it('reads MODEL_DOWNLOADS, with ALLOW_REMOTE_MODELS=true as `any` and false keeping the default', () => {
		expect(parseEnv({}).MODEL_DOWNLOADS).toBe('catalog');
		expect(parseEnv({ ALLOW_REMOTE_MODELS: 'true' }).MODEL_DOWNLOADS).toBe('any');
		expect(parseEnv({ ALLOW_REMOTE_MODELS: 'false' }).MODEL_DOWNLOADS).toBe('catalog');
		expect(parseEnv({ ALLOW_REMOTE_MODELS: 'true', MODEL_DOWNLOADS: 'off' }).MODEL_DOWNLOADS).toBe(
			'off',
		);
		expect(() => parseEnv({ MODEL_DOWNLOADS: 'some' })).toThrow(/MODEL_DOWNLOADS="some"/);
		expect(parseEnv({}).HF_ENDPOINT).toBe('https://huggingface.co');
		expect(parseEnv({ HF_ENDPOINT: 'http://127.0.0.1:8080/' }).HF_ENDPOINT).toBe(
			'http://127.0.0.1:8080',
		);
		expect(() => parseEnv({ HF_ENDPOINT: 'ftp://x' })).toThrow(/HF_ENDPOINT/);
	});

	it('treats empty values as unset', () => {
		expect(parseEnv({ PORT: '', HOST: ' ' }, '/x').PORT).toBe(3000);
	});

	it('parses numbers, booleans and enums', () => {
		const c = parseEnv({
			PORT: '8080',
			ALLOW_REMOTE_MODELS: 'yes',
			DEVICE: 'cuda',
			HOST: '0.0.0.0',
		});
		expect(c.PORT).toBe(8080);
		expect(c.ALLOW_REMOTE_MODELS).toBe(true);
		expect(c.DEVICE).toBe('cuda');
		expect(c.isLoopback).toBe(false);
	});

	it('recognises loopback hosts', () => {
		for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) {
			expect(parseEnv({ HOST }).isLoopback).toBe(true);
		}
	});

	it('names every bad variable and its value', () => {
		let error: unknown;
		try {
			parseEnv({ PORT: '70000', LOG_LEVEL: 'chatty', ALLOW_REMOTE_MODELS: 'maybe' });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const { problems, message } = error as ConfigError;
		expect(problems).toHaveLength(3);
		expect(message).toContain('PORT="70000"');
		expect(message).toContain('LOG_LEVEL="chatty"');
		expect(message).toContain('ALLOW_REMOTE_MODELS="maybe"');
	});
});
