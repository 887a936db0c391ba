import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { GPU_NOT_PROBED } from '../../../src/lib/contracts/system';
import { gpuInfo } from '../../../src/lib/server/system/engine-providers';
import { folderSize, performanceLevel } from '../../../src/lib/server/system/info';
import { SystemProviderRegistry } from '../../../src/lib/server/system/providers';
import { tempDir } from '../../helpers/server';

const GiB = 1024 ** 3;
const noGpu = { providers_tried: [], provider_in_use: null, detail: GPU_NOT_PROBED };

describe('system providers', () => {
	it('answer defaults until a subsystem registers, and defaults again when one fails', async () => {
		const registry = new SystemProviderRegistry(pino({ level: 'silent' }));
		expect(await registry.read('activeRecordings')).toBe(0);
		expect(await registry.read('gpu')).toEqual(noGpu);
		registry.register('activeRecordings', () => 3);
		registry.register('models', () => Promise.resolve([{ id: 'base', name: 'Whisper base' }]));
		expect(await registry.read('activeRecordings')).toBe(3);
		expect(await registry.read('models')).toEqual([{ id: 'base', name: 'Whisper base' }]);
		registry.register('devices', () => {
			throw new Error('capture service down');
		});
		expect(await registry.read('devices')).toEqual([]);
	});
});

describe('engine providers', () => {
	it('report the device probe: providers tried, the one in use, and why', () => {
		expect(gpuInfo(undefined)).toEqual(noGpu);
		expect(
			gpuInfo({
				requested: 'auto',
				tried: [
					{ provider: 'cuda', ok: false, ms: 3, error: 'libcudart.so.12 missing' },
					{ provider: 'cpu', ok: true, ms: 40 },
				],
				inUse: 'cpu',
			}),
		).toEqual({
			providers_tried: ['cuda', 'cpu'],
			provider_in_use: 'cpu',
			detail: 'cuda: libcudart.so.12 missing; cpu: ok',
		});
		expect(
			gpuInfo({
				requested: 'cuda',
				tried: [{ provider: 'cpu', ok: true, ms: 40 }],
				inUse: 'cpu',
				fallbackReason: 'CUDA requested but unavailable',
			}).detail,
		).toBe('CUDA requested but unavailable');
	});
});

describe('system info helpers', () => {
	it('rate the machine from cores, memory and the GPU in use', () => {
		expect(performanceLevel(2, 4 * GiB, noGpu)).toBe('low');
		expect(performanceLevel(4, 8 * GiB, noGpu)).toBe('medium');
		expect(performanceLevel(16, 32 * GiB, noGpu)).toBe('high');
		const cuda = { providers_tried: ['cuda'], provider_in_use: 'cuda', detail: 'ok' };
		expect(performanceLevel(2, 4 * GiB, cuda)).toBe('high');
		const cpu = { providers_tried: ['cuda', 'cpu'], provider_in_use: 'cpu', detail: 'no GPU' };
		expect(performanceLevel(2, 4 * GiB, cpu)).toBe('low');
	});

	it('measure a folder without following links', async () => {
		const dir = tempDir();
		fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'a/one'), Buffer.alloc(1000));
		fs.writeFileSync(path.join(dir, 'a/b/two'), Buffer.alloc(234));
		fs.symlinkSync('/usr', path.join(dir, 'link'));
		expect(await folderSize(dir)).toBe(1234);
		expect(await folderSize(path.join(dir, 'missing'))).toBe(0);
	});
});
