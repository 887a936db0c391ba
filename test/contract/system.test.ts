import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemArea } from '../../src/lib/contracts/openapi/system';
import type { RunningServer } from '../helpers/server';
import { contractServer, ExampleRunner } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, systemArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('System: documented examples against the server', () => {
	it('reports status, health, information and settings', async () => {
		await examples.run('getSystemStatus');
		await examples.run('getSystemHealth');
		await examples.run('getSystemInfo');
		await examples.run('getSystemConfig');
	});

	it('changes settings, and refuses a bad one', async () => {
		const [changed] = await examples.run('updateSystemConfig');
		expect((changed?.body as { changes_applied: string[] }).changes_applied.sort()).toEqual([
			'audio_sample_rate',
			'chunk_duration',
		]);
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
