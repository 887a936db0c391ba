import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingResponseSchema } from '../../src/lib/contracts/audio';
import { audioArea } from '../../src/lib/contracts/openapi/audio';
import type { RunningServer } from '../helpers/server';
import { api, contractServer, ExampleRunner } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, audioArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('Audio: documented examples against the server', () => {
	it('starts a session, feeds it over HTTP, reads, lists and stops it', async () => {
		await examples.run('listAudioDevices');
		const [started] = await examples.run('startRecording');
		const session = startRecordingResponseSchema.parse(started?.body).session;
		expect(session).toMatchObject({ channels: 2, sample_rate: 48000 });
		const ids = { session_id: session.session_id };
		await examples.run('sendRecordingChunk', ids);
		await examples.run('getRecordingSession', ids);
		await examples.run('listRecordingSessions');
		await examples.run('stopRecording', ids);
	});

	it('cancels a session', async () => {
		const started = await api(server, '/api/v1/audio/record', 'POST', {});
		const { session_id } = startRecordingResponseSchema.parse(started.body).session;
		await examples.run('cancelRecordingSession', { session_id });
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
