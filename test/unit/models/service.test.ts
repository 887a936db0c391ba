import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ModelsService } from '../../../src/lib/server/models';
import type { DomainError } from '../../../src/lib/server/infra/errors';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/models/whisper-test');

function setup(mode: 'catalog' | 'any' | 'off' = 'catalog', inUse = new Set<string>()) {
	const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meetingscribe-models-unit-'));
	fs.cpSync(FIXTURE, path.join(modelsDir, 'onnx-community', 'whisper-tiny'), { recursive: true });
	const service = new ModelsService({
		modelsDir,
		mode,
		endpoint: 'http://127.0.0.1:9',
		logger: pino({ level: 'silent' }),
		defaultModel: () => 'tiny',
		needs: () => [{ use: 'transcription', model: 'tiny' }],
		modelsInUse: () => inUse,
		emit: () => {},
	});
	return { modelsDir, service, inUse };
}

function codeOf(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		return (e as DomainError).code;
	}
	return undefined;
}

describe('ModelsService', () => {
	it('never deletes the model a running transcription uses (409), and deletes it once free', () => {
		const { modelsDir, service, inUse } = setup();
		const dir = path.join(modelsDir, 'onnx-community', 'whisper-tiny');
		inUse.add(dir);
		expect(codeOf(() => service.remove('tiny'))).toBe('CONFLICT');
		expect(fs.existsSync(dir)).toBe(true);
		expect(service.list().installed[0]).toMatchObject({ id: 'onnx-community/whisper-tiny', in_use: true });
		inUse.clear();
		expect(service.remove('tiny')).toMatchObject({ removed: 'onnx-community/whisper-tiny', was_default: true });
		expect(fs.existsSync(path.join(modelsDir, 'onnx-community'))).toBe(false);
		expect(service.list()).toMatchObject({ default_installed: false, needs: [{ model: 'tiny', installed: false }] });
	});

	it('refuses downloads by MODEL_DOWNLOADS before touching the network', () => {
		expect(codeOf(() => setup('off').service.download('base'))).toBe('FORBIDDEN');
		expect(codeOf(() => setup('catalog').service.download('someone/whisper-x'))).toBe('FORBIDDEN');
		expect(codeOf(() => setup('catalog').service.download('../etc'))).toBe('NOT_FOUND');
		expect(codeOf(() => setup('catalog').service.download('tiny'))).toBe('CONFLICT');
	});

	it('never shares a staging folder with another live process, and takes over a dead one’s', async () => {
		const { modelsDir, service } = setup();
		const lock = path.join(modelsDir, '.downloads', 'onnx-community--whisper-base.lock');
		fs.mkdirSync(path.dirname(lock), { recursive: true });
		fs.writeFileSync(lock, String(process.ppid));
		const busy = await service.downloads.wait(service.download('base').download_id);
		expect(busy.status).toBe('failed');
		expect(busy.error_message).toMatch(new RegExp(`Another MeetingScribe process \\(pid ${process.ppid}\\)`));
		expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.ppid));
		// A pid that no longer runs: the lock is stale; the download goes on (to an unreachable hub here).
		fs.writeFileSync(lock, '2147483646');
		const next = await service.downloads.wait(service.download('base').download_id);
		expect(next.error_message).toMatch(/cannot be reached/);
		expect(fs.existsSync(lock)).toBe(false);
	});
});
