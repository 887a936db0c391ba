import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsArea } from '../../src/lib/contracts/openapi/models';
import { startLocalHub, type LocalHub } from '../helpers/local-hub';
import { tempDir, TEST_MODEL, TEST_MODELS_DIR, type RunningServer } from '../helpers/server';
import { api, contractServer, ExampleRunner } from './harness';

let server: RunningServer;
let hub: LocalHub;
const examples = new ExampleRunner(() => server, modelsArea);
const INSTALLED_DIR = 'onnx-community/whisper-tiny';

beforeAll(async () => {
	// A models folder of its own (the examples delete a model), downloading from a local Hub
	// slowed down so that a download is still under way when the examples look at it.
	const modelsDir = tempDir('meetingscribe-contract-models-');
	// The test model installed as the catalogue's `tiny`.
	fs.cpSync(path.join(TEST_MODELS_DIR, TEST_MODEL), path.join(modelsDir, INSTALLED_DIR), {
		recursive: true,
	});
	hub = await startLocalHub();
	hub.throttle(64 * 1024);
	server = await contractServer({
		MODELS_DIR: modelsDir,
		HF_ENDPOINT: hub.url,
		WHISPER_MODEL: 'tiny',
	});
});
afterAll(async () => {
	await server?.stop();
	await hub?.close();
});

describe('Models: documented examples against the server', () => {
	it('lists the catalogue and the installed models', async () => {
		const [list] = await examples.run('listModels');
		const body = list!.body as { installed: { id: string }[] };
		expect(body.installed.map((m) => m.id)).toContain(INSTALLED_DIR);
	});

	it('starts a download, joins it, follows it and cancels it', async () => {
		const answers = await examples.run('downloadModel', { installed: 'tiny' });
		const first = answers[0]!.body as { download: { download_id: string } };
		const again = answers[1]!.body as { download: { download_id: string } };
		expect(again.download.download_id).toBe(first.download.download_id);
		await examples.run('getModelDownload', { download_id: first.download.download_id });
		const [cancelled] = await examples.run('cancelModelDownload', {
			download_id: first.download.download_id,
		});
		expect((cancelled!.body as { download: { status: string } }).download.status).toBe('cancelled');
		const list = await api(server, '/api/v1/models');
		expect((list.body as { downloads: unknown[] }).downloads).toEqual([]);
	});

	it('deletes an installed model, and then it is gone', async () => {
		await examples.run('deleteModel', { installed: 'tiny' });
		const list = await api(server, '/api/v1/models');
		expect((list.body as { installed: unknown[] }).installed).toEqual([]);
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
