import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootArea } from '../../src/lib/contracts/openapi/root';
import type { RunningServer } from '../helpers/server';
import { contractServer, ExampleRunner } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, rootArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('Root: documented examples against the server', () => {
	it('describes the API, answers liveness, serves the document and its page', async () => {
		await examples.run('getApiRoot');
		await examples.run('getLiveness');
		const [doc] = await examples.run('getOpenApiDocument');
		expect((doc?.body as { openapi: string }).openapi).toBe('3.1.0');
		await examples.run('getApiDocs');
		await examples.run('getApiReference');
		await examples.run('getApiDocsAsset');
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
