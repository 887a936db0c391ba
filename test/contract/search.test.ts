import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArea } from '../../src/lib/contracts/openapi/search';
import type { RunningServer } from '../helpers/server';
import { contractServer, ExampleRunner, transcribedUpload } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, searchArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('Search: documented examples against the server', () => {
	it('searches a library with a transcript in it', async () => {
		const { done } = await transcribedUpload(server);
		expect(done.status).toBe('completed');
		await examples.run('search');
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
