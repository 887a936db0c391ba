import path from 'node:path';
import fs from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	recordingUpdateDataSchema,
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
	type RecordingSession,
} from '../../src/lib/contracts/audio';
import { captureAckSchema, captureJoinAckSchema } from '../../src/lib/contracts/capture';
import {
	recordingUpdateSchema,
	SOCKET_PATH,
	systemEventSchema,
} from '../../src/lib/contracts/events';
import { io as connect } from 'socket.io-client';
import { call, device, next, recordingClient, send } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { chunk, readWav, testSignal, type PcmChunk } from '../helpers/wav';

let server: RunningServer;
let client: Socket;

beforeAll(async () => {
	server = await startServer();
	client = await recordingClient(server.url);
	expect(
		await send(client, 'capture:hello', { client_id: 'tab-1', devices: [device('mic-1')] }),
	).toEqual({
		ok: true,
	});
});
afterAll(async () => {
	client?.close();
	await server?.stop();
});

async function startSession(body: Record<string, unknown>): Promise<RecordingSession> {
	const res = await call(server.url + '/api/v1/audio/record', 'POST', body);
	expect(res.status).toBe(200);
	return startRecordingResponseSchema.parse(res.body).session;
}

async function stopSession(sessionId: string, saveFile = true) {
	const res = await call(server.url + '/api/v1/audio/stop', 'POST', {
		session_id: sessionId,
		save_file: saveFile,
	});
	expect(res.status).toBe(200);
	return stopRecordingResponseSchema.parse(res.body);
}

async function sendChunk(sessionId: string, c: PcmChunk, channels: 1 | 2) {
	return captureAckSchema.parse(
		await send(client, 'capture:chunk', { session_id: sessionId, channels, ...c }),
	);
}

/** The file as the server wrote it, checked to be a valid 16 kHz 16-bit WAV of `channels`. */
function wavOf(relPath: string, channels: number) {
	const wav = readWav(path.join(server.dataDir, relPath));
	expect(wav).toMatchObject({
		format: 1,
		channels,
		sampleRate: 16000,
		byteRate: 16000 * channels * 2,
		blockAlign: channels * 2,
		bitsPerSample: 16,
		riffSize: wav.dataSize + 36,
		fileSize: wav.dataSize + 44,
	});
	return wav;
}

describe('capture over Socket.IO', () => {
	it('stores 2-channel audio sent in 200 ms chunks exactly, with a valid header', async () => {
		const watcher = connect(server.url + '/recording', {
			path: SOCKET_PATH,
			transports: ['websocket'],
			forceNew: true,
		});
		const system = connect(server.url + '/system', {
			path: SOCKET_PATH,
			transports: ['websocket'],
			forceNew: true,
		});
		await Promise.all([next(watcher, 'welcome'), next(system, 'welcome')]);
		const started = next(
			system,
			'system_event',
			(e: { event_type: string }) => e.event_type === 'recording_started',
		);

		const session = await startSession({
			device_id: 'mic-1',
			client_id: 'tab-1',
			channels: 2,
			filename: 'Team sync',
		});
		expect(session).toMatchObject({ status: 'pending', channels: 2, sample_rate: 16000 });
		expect(session.device).toMatchObject({ id: 'mic-1', client_id: 'tab-1' });
		expect(systemEventSchema.parse(await started).data.session_id).toBe(session.session_id);

		const join = captureJoinAckSchema.parse(
			await send(client, 'capture:join', { session_id: session.session_id }),
		);
		expect(join).toMatchObject({ ok: true, samples_written: 0 });

		const signal = testSignal(48000, 2);
		let expected = 0;
		for (const c of chunk(signal, 2, 3200)) {
			const ack = await sendChunk(session.session_id, c, 2);
			expected += 3200;
			expect(ack).toEqual({ ok: true, seq: c.seq, samples_written: expected });
		}
		const live = await call(server.url + `/api/v1/audio/sessions/${session.session_id}`);
		expect(live.body).toMatchObject({
			session: { status: 'recording', duration_seconds: 3, chunks_received: 15 },
		});

		const ended = next(
			watcher,
			'recording_update',
			(u: { data: { kind: string } }) => u.data.kind === 'stopped',
		);
		const stopped = next(
			system,
			'system_event',
			(e: { event_type: string }) => e.event_type === 'recording_stopped',
		);
		const { session: done, audio_file } = await stopSession(session.session_id);
		expect(done).toMatchObject({
			status: 'completed',
			duration_seconds: 3,
			file_size_bytes: 44 + signal.length,
			chunks_received: 15,
			audio_file_id: audio_file?.id,
		});
		expect(audio_file).toMatchObject({
			filename: 'Team sync.wav',
			path: `recordings/${session.session_id}.wav`,
			size_bytes: 44 + signal.length,
			duration_seconds: 3,
			duration_formatted: '00:00:03',
			sample_rate: 16000,
			channels: 2,
			audio_format: 'wav',
		});
		const update = recordingUpdateSchema.parse(await ended);
		expect(recordingUpdateDataSchema.parse(update.data)).toMatchObject({
			kind: 'stopped',
			reason: 'requested',
			session: { session_id: session.session_id, status: 'completed' },
		});
		expect(systemEventSchema.parse(await stopped).data).toMatchObject({
			session_id: session.session_id,
			status: 'completed',
		});

		const wav = wavOf(audio_file!.path, 2);
		expect(wav.data.equals(signal)).toBe(true);
		const active = await call(server.url + '/api/v1/audio/sessions');
		expect(active.body).toEqual([]);
		watcher.close();
		system.close();
	});

	it('resent, shuffled and concurrent chunks give the identical file', async () => {
		const session = await startSession({ device_id: 'mic-1', client_id: 'tab-1', channels: 2 });
		const signal = testSignal(48000, 2);
		const chunks = chunk(signal, 2, 3200);
		// Every chunk twice, in a fixed scrambled order, half of them in flight at once.
		const order = [...chunks, ...chunks].map((c, i) => ({ c, k: (i * 7919) % 31 }));
		order.sort((a, b) => a.k - b.k);
		const acks = await Promise.all(order.map(({ c }) => sendChunk(session.session_id, c, 2)));
		expect(acks.every((a) => a.ok)).toBe(true);
		const last = await sendChunk(session.session_id, chunks[0]!, 2);
		expect(last).toMatchObject({ ok: true, samples_written: 48000 });

		const { audio_file } = await stopSession(session.session_id);
		const wav = wavOf(audio_file!.path, 2);
		expect(wav.data.equals(signal)).toBe(true);
		expect(audio_file?.filename).toMatch(/^recording-\d{8}-\d{6}\.wav$/);
	});

	it('pushes progress with levels to the session room while recording', async () => {
		const session = await startSession({ device_id: 'mic-1', client_id: 'tab-1', channels: 1 });
		await send(client, 'capture:join', { session_id: session.session_id });
		const progress = next(
			client,
			'recording_update',
			(u: { session_id: string; data: { kind: string } }) =>
				u.session_id === session.session_id && u.data.kind === 'progress',
		);
		for (const c of chunk(testSignal(16000, 1), 1, 3200)) {
			expect((await sendChunk(session.session_id, c, 1)).ok).toBe(true);
		}
		const data = recordingUpdateDataSchema.parse(recordingUpdateSchema.parse(await progress).data);
		expect(data.session).toMatchObject({ status: 'recording', duration_seconds: 1 });
		expect(data.level).toHaveLength(1);
		expect(data.level![0]).toBeGreaterThan(0.1);
		await stopSession(session.session_id);
	});
});

describe('bad chunks', () => {
	it('are refused with envelopes in the ack, and the server keeps working', async () => {
		const session = await startSession({ device_id: 'mic-1', client_id: 'tab-1', channels: 2 });
		const id = session.session_id;
		const good = { session_id: id, seq: 0, sample_index: 0, channels: 2, pcm: Buffer.alloc(12800) };
		const refusal = async (payload: unknown, code: string) => {
			const ack = captureAckSchema.parse(await send(client, 'capture:chunk', payload));
			expect(ack).toMatchObject({ ok: false, error_code: code });
			return ack;
		};
		await refusal({ ...good, session_id: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND');
		await refusal({ ...good, session_id: '../../etc/passwd' }, 'BAD_REQUEST');
		await refusal({ ...good, sample_index: -3200 }, 'VALIDATION_ERROR');
		await refusal({ ...good, sample_index: '0' }, 'VALIDATION_ERROR');
		await refusal({ ...good, sample_index: 1.5 }, 'VALIDATION_ERROR');
		await refusal({ ...good, seq: null }, 'VALIDATION_ERROR');
		await refusal({ ...good, channels: 3 }, 'VALIDATION_ERROR');
		await refusal({ ...good, channels: 1 }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: 'AAAA' }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: [1, 2, 3, 4] }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: Buffer.alloc(3) }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: Buffer.alloc(6) }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: Buffer.alloc(0) }, 'VALIDATION_ERROR');
		await refusal({ ...good, pcm: Buffer.alloc(2 * 1024 * 1024) }, 'PAYLOAD_TOO_LARGE');
		await refusal(null, 'VALIDATION_ERROR');
		await refusal(42, 'VALIDATION_ERROR');
		await refusal({}, 'VALIDATION_ERROR');
		const noPayload = captureAckSchema.parse(await send(client, 'capture:chunk'));
		expect(noPayload).toMatchObject({ ok: false, error_code: 'VALIDATION_ERROR' });
		// No ack function at all: nothing to answer, nothing may break.
		client.emit('capture:chunk', { ...good, pcm: 'x' });
		client.emit('capture:chunk');

		expect(
			captureAckSchema.parse(await send(client, 'capture:hello', { client_id: '', devices: 'x' })),
		).toMatchObject({ ok: false, error_code: 'VALIDATION_ERROR' });
		const hugeName = { ...device('mic-2'), name: 'x'.repeat(1000) };
		expect(
			captureAckSchema.parse(
				await send(client, 'capture:hello', { client_id: 'tab-2', devices: [hugeName] }),
			),
		).toMatchObject({ ok: false, error_code: 'VALIDATION_ERROR' });
		expect(
			captureJoinAckSchema.parse(
				await send(client, 'capture:join', { session_id: 'ffffffff-0000-4000-8000-000000000000' }),
			),
		).toMatchObject({ ok: false, error_code: 'NOT_FOUND' });

		// A message over Socket.IO's own limit (4 MiB) costs that client its connection only.
		const greedy = await recordingClient(server.url);
		const dropped = next(greedy, 'disconnect');
		greedy.emit('capture:chunk', { ...good, pcm: Buffer.alloc(5 * 1024 * 1024) });
		await dropped;
		greedy.close();

		expect(await sendChunk(id, { seq: 0, sample_index: 0, pcm: good.pcm }, 2)).toEqual({
			ok: true,
			seq: 0,
			samples_written: 3200,
		});
		const { session: done } = await stopSession(id);
		expect(done.duration_seconds).toBe(0.2);
		expect(await sendChunk(id, { seq: 1, sample_index: 3200, pcm: good.pcm }, 2)).toMatchObject({
			ok: false,
			error_code: 'SESSION_NOT_ACTIVE',
		});
		const health = await call(server.url + '/api/health');
		expect(health.status).toBe(200);
		expect(fs.existsSync(path.join(server.dataDir, done.file_path!))).toBe(true);
	});
});
