import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiArea } from '../../src/lib/contracts/openapi/openai';
import type { RunningServer } from '../helpers/server';
import { contractServer, ExampleRunner } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, openAiArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('OpenAI-compatible: documented examples against the server', () => {
	it('transcribes and translates an upload, and lists models', async () => {
		await examples.run('openAiTranscribe');
		await examples.run('openAiTranslate');
		await examples.run('openAiListModels');
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
