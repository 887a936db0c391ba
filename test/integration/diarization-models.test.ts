import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	downloadResponseSchema,
	modelListResponseSchema,
	type ModelListResponse,
} from '../../src/lib/contracts/models';
import { EMBEDDING_FOLDER, SEGMENTATION_FOLDER } from '../../src/lib/server/diarization';
import { diarizationModelsDir, transcribeFile } from '../helpers/diarization';
import { startLocalHub, type LocalHub } from '../helpers/local-hub';
import { writePcmWav } from '../helpers/media';
import { startServer, TEST_MODELS_DIR, tempDir, type RunningServer } from '../helpers/server';
import { conversation, LINES } from '../unit/diarization/voices';

/*
 * The diarization models install from the model manager like Whisper models: the local Hub
 * serves the constructed test models under the real repositories' names.
 */
const talk = conversation(LINES);
const wav = writePcmWav(path.join(tempDir('meetingscribe-media-'), 'three voices.wav'), [
	talk.samples,
]);
let hub: LocalHub;
let server: RunningServer;

beforeAll(async () => {
	hub = await startLocalHub({
		[SEGMENTATION_FOLDER]: path.join(TEST_MODELS_DIR, 'diarize-segmentation-test'),
		[EMBEDDING_FOLDER]: path.join(TEST_MODELS_DIR, 'diarize-embedding-test'),
	});
	server = await startServer({ MODELS_DIR: diarizationModelsDir(false), HF_ENDPOINT: hub.url });
});
afterAll(async () => {
	await server?.stop();
	await hub?.close();
});

async function list(): Promise<ModelListResponse> {
	return modelListResponseSchema.parse(await (await fetch(`${server.url}/api/v1/models`)).json());
}

async function installed(name: string): Promise<boolean> {
	return (await list()).diarization.find((m) => m.name === name)!.installed;
}

describe('diarization models in the model manager', () => {
	it('lists both, downloads them from the Hub, and transcriptions then label voices', async () => {
		const before = await list();
		expect(before.diarization.map((m) => [m.name, m.hub_id, m.installed])).toEqual([
			['pyannote-segmentation-3.0', SEGMENTATION_FOLDER, false],
			['wespeaker-resnet34', EMBEDDING_FOLDER, false],
		]);
		// Without the models, speakers of a mono upload stay unlabelled.
		const plain = await transcribeFile(server.url, wav, { enable_speaker_detection: 'true' });
		expect(plain.speakers_detected).toEqual([]);

		for (const name of ['pyannote-segmentation-3.0', 'wespeaker-resnet34']) {
			const res = await fetch(`${server.url}/api/v1/models/${name}/download`, { method: 'POST' });
			expect(res.status, await res.clone().text()).toBe(202);
			expect(downloadResponseSchema.parse(await res.json()).download.hub_id).toMatch(
				/^onnx-community\//,
			);
			for (const until = Date.now() + 30_000; !(await installed(name));) {
				if (Date.now() > until) throw new Error(`${name} was not installed`);
				await new Promise((r) => setTimeout(r, 50));
			}
		}
		// Only the files the pipeline loads were fetched.
		const fetched = hub.requests.filter((r) => r.path.includes('/resolve/')).map((r) => r.path);
		expect(new Set(fetched.map((p) => p.split('/resolve/main/')[1]))).toEqual(
			new Set(['config.json', 'preprocessor_config.json', 'onnx/model.onnx']),
		);

		const labelled = await transcribeFile(server.url, wav, { enable_speaker_detection: 'true' });
		expect(labelled.speakers_detected.length).toBeGreaterThanOrEqual(2);
		for (const name of labelled.speakers_detected) expect(name).toMatch(/^Speaker \d$/);
	});

	it('refuses a second download of an installed one and deletes it', async () => {
		const again = await fetch(`${server.url}/api/v1/models/wespeaker-resnet34/download`, {
			method: 'POST',
		});
		expect(again.status).toBe(409);
		const del = await fetch(`${server.url}/api/v1/models/wespeaker-resnet34`, { method: 'DELETE' });
		expect(del.status, await del.clone().text()).toBe(200);
		expect(await installed('wespeaker-resnet34')).toBe(false);
	});
});
