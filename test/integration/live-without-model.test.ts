import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import { transcriptionListSchema } from '../../src/lib/contracts/files';
import { liveStatusSchema, type LiveStatus } from '../../src/lib/contracts/live';
import { call, device, next, recordingClient, send, sendAll } from '../helpers/capture';
import { interleave, liveClient, meeting } from '../helpers/live';
import { startServer, tempDir, type RunningServer } from '../helpers/server';

/** A newcomer's first recording: no model installed yet. */
describe('live transcription without a model', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({
			MODELS_DIR: tempDir('meetingscribe-no-models-'),
			WHISPER_MODEL: 'tiny',
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('says why in the live status, logs one line per cause, keeps the audio and stores no empty transcript', async () => {
		const m = meeting([
			{ channel: 0, at: 0.5 },
			{ channel: 1, at: 4.5 },
			{ channel: 0, at: 8.5 },
		]);
		const rec = await recordingClient(server.url);
		const statuses: LiveStatus[] = [];
		let sessionId = '';
		try {
			await send(rec, 'capture:hello', { client_id: 'nomodel', devices: [device('mic-nomodel')] });
			const started = await call(server.url + '/api/v1/audio/record', 'POST', {
				channels: 2,
				client_id: 'nomodel',
			});
			expect(started.status).toBe(200);
			sessionId = startRecordingResponseSchema.parse(started.body).session.session_id;
			const live = await liveClient(server.url, sessionId);
			live.socket.on('live_status', (st: unknown) => statuses.push(liveStatusSchema.parse(st)));
			expect((await send(rec, 'capture:join', { session_id: sessionId })).ok).toBe(true);
			const problem = next(
				live.socket,
				'live_status',
				(s: unknown) => Boolean(liveStatusSchema.parse(s).problem),
				60_000,
			);
			await sendAll(rec, sessionId, interleave(m.tracks), 2);
			await problem;
			const done = next(
				live.socket,
				'live_status',
				(s: unknown) => liveStatusSchema.parse(s).state === 'done',
				60_000,
			);
			const stopped = await call(server.url + '/api/v1/audio/stop', 'POST', {
				session_id: sessionId,
			});
			expect(stopped.status).toBe(200);
			const body = stopRecordingResponseSchema.parse(stopped.body);
			await done;
			live.socket.close();

			// The panel is told why: the model is missing, and where to get it.
			const shown = statuses.find((s) => s.problem)!.problem!;
			expect(shown.code).toBe('MODEL_UNAVAILABLE');
			expect(shown.message).toMatch(/'tiny'.*Settings → Models/);
			expect(live.segments).toEqual([]);
			const last = statuses.at(-1)!;
			expect(last).toMatchObject({
				state: 'done',
				transcription_id: null,
				problem: { code: 'MODEL_UNAVAILABLE' },
			});

			// The audio is kept; no transcript pretends to be one.
			expect(body.audio_file?.duration_seconds).toBeGreaterThan(10);
			const list = await call(server.url + '/api/v1/files/transcriptions', 'GET');
			const transcripts = transcriptionListSchema.parse(list.body);
			expect(
				transcripts.transcriptions.filter((t) => t.audio_file_id === body.audio_file?.id),
			).toEqual([]);
		} finally {
			rec.close();
		}
		// One log line for the cause, not a stack trace per chunk.
		const lines = server
			.output()
			.split('\n')
			.filter((l) => l.includes(sessionId) && l.includes('"msg":"live transcription failed"'));
		expect(lines).toHaveLength(1);
		expect(server.output()).not.toMatch(/\n\s+at /);
	});
});
