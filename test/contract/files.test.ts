import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import { filesArea } from '../../src/lib/contracts/openapi/files';
import type { RunningServer } from '../helpers/server';
import { concat, loadSpeech } from '../helpers/audio';
import { api, contractServer, ExampleRunner, finishedJob, KEY } from './harness';

let server: RunningServer;
const examples = new ExampleRunner(() => server, filesArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

/** Speech on the microphone, then on the tab: interleaved s16le. */
function twoSpeakers(): Buffer {
	const speech = loadSpeech();
	const channels = [concat([speech, 1]), concat([1, speech])];
	const pcm = Buffer.alloc(channels[0]!.length * 4);
	for (let i = 0; i < channels[0]!.length; i++) {
		for (let c = 0; c < 2; c++) {
			const v = Math.max(-1, Math.min(1, channels[c]![i]!));
			pcm.writeInt16LE(Math.round(v * 32767), (i * 2 + c) * 2);
		}
	}
	return pcm;
}

/** A two-channel recording fed over HTTP and transcribed with speakers (mic, tab). */
async function transcribedRecording() {
	const started = await api(server, '/api/v1/audio/record', 'POST', { channels: 2 });
	const { session_id } = startRecordingResponseSchema.parse(started.body).session;
	const res = await fetch(
		`${server.url}/api/v1/audio/sessions/${session_id}/chunks?sample_index=0`,
		{
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/octet-stream' },
			body: new Uint8Array(twoSpeakers()).buffer,
		},
	);
	expect(res.status).toBe(200);
	const stopped = stopRecordingResponseSchema.parse(
		(await api(server, '/api/v1/audio/stop', 'POST', { session_id })).body,
	);
	const audio_file_id = stopped.audio_file!.id;
	const job = (
		(await api(server, '/api/v1/transcription/start', 'POST', { audio_file_id })).body as {
			job: { job_id: string };
		}
	).job;
	const done = await finishedJob(server, job.job_id);
	expect(done.status).toBe('completed');
	return { audio_file_id, transcription_id: done.transcription_id! };
}

describe('Files: documented examples against the server', () => {
	it('lists, downloads, renames a speaker, exports and deletes', async () => {
		const ids = await transcribedRecording();
		await examples.run('listRecordings');
		await examples.run('getRecording', ids);
		await examples.run('renameRecording', ids);
		await examples.run('getTranscription', ids);
		await examples.run('editSegment', ids);
		await examples.run('listSegmentVersions', ids);
		await examples.run('listTranscriptions');
		await examples.run('downloadFile', ids);
		await examples.run('renameSpeaker', ids);
		await examples.run('exportTranscription', ids);
		await examples.run('listExports');
		await examples.run('deleteFile', ids);
	});

	it('ran every operation of the area', () => {
		expect(examples.notRun()).toEqual([]);
	});
});
