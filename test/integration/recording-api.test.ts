import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	audioDeviceListSchema,
	recordingSessionResponseSchema,
	recordingUpdateDataSchema,
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
	type RecordingSession,
} from '../../src/lib/contracts/audio';
import { captureAckSchema } from '../../src/lib/contracts/capture';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { recordingUpdateSchema } from '../../src/lib/contracts/events';
import { call, device, next, recordingClient, send } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { chunk, readWav, testSignal } from '../helpers/wav';

let server: RunningServer;
let client: Socket;
const api = (p: string) => server.url + '/api/v1/audio' + p;

beforeAll(async () => {
	server = await startServer();
	client = await recordingClient(server.url);
	await send(client, 'capture:hello', {
		client_id: 'browser-a',
		devices: [device('default', 'Fake Default Audio Input'), { ...device('tab'), kind: 'tab' }],
	});
});
afterAll(async () => {
	client?.close();
	await server?.stop();
});

async function start(body: Record<string, unknown>): Promise<RecordingSession> {
	const res = await call(api('/record'), 'POST', body);
	expect(res.status).toBe(200);
	return startRecordingResponseSchema.parse(res.body).session;
}

function expectError(res: { status: number; body: unknown }, status: number, code: string) {
	expect(res.status).toBe(status);
	expect(errorEnvelopeSchema.parse(res.body).error_code).toBe(code);
}

const ended = (id: string) =>
	next(
		client,
		'recording_update',
		(u: { session_id: string; data: { kind: string } }) =>
			u.session_id === id && u.data.kind !== 'started' && u.data.kind !== 'progress',
	).then((u) => recordingUpdateDataSchema.parse(recordingUpdateSchema.parse(u).data));

describe('devices', () => {
	it('lists what connected capture clients announced, until they disconnect', async () => {
		const other = await recordingClient(server.url);
		await send(other, 'capture:hello', { client_id: 'browser-b', devices: [device('default')] });
		const listed = audioDeviceListSchema.parse((await call(api('/devices'))).body);
		expect(listed.map((d) => [d.client_id, d.id, d.kind])).toEqual(
			expect.arrayContaining([
				['browser-a', 'default', 'microphone'],
				['browser-a', 'tab', 'tab'],
				['browser-b', 'default', 'microphone'],
			]),
		);
		other.close();
		let left = listed;
		while (left.some((d) => d.client_id === 'browser-b')) {
			await new Promise((r) => setTimeout(r, 50));
			left = audioDeviceListSchema.parse((await call(api('/devices'))).body);
		}
		expect(left.filter((d) => d.client_id === 'browser-a')).toHaveLength(2);
	});
});

describe('sessions', () => {
	it('one active session per device: 409 RECORDING_IN_PROGRESS', async () => {
		const a = await start({ device_id: 'default', client_id: 'browser-a' });
		const again = await call(api('/record'), 'POST', {
			device_id: 'default',
			client_id: 'browser-a',
		});
		expectError(again, 409, 'RECORDING_IN_PROGRESS');
		// Without a device id, the client's default microphone is picked: the same one.
		expectError(
			await call(api('/record'), 'POST', { client_id: 'browser-a' }),
			409,
			'RECORDING_IN_PROGRESS',
		);
		// Another device of the same client is free.
		const tab = await start({ device_id: 'tab', client_id: 'browser-a' });
		expect(tab.device).toMatchObject({ id: 'tab', kind: 'tab' });
		const listed = (await call(api('/sessions'))).body as RecordingSession[];
		expect(listed.map((s) => s.session_id).sort()).toEqual([a.session_id, tab.session_id].sort());
		for (const s of [a, tab])
			expect((await call(api(`/sessions/${s.session_id}`), 'DELETE')).status).toBe(200);
	});

	it('stop and cancel answer 404 for unknown and 409 for ended sessions', async () => {
		const unknown = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
		expectError(await call(api('/stop'), 'POST', { session_id: unknown }), 404, 'NOT_FOUND');
		expectError(await call(api(`/sessions/${unknown}`)), 404, 'NOT_FOUND');
		expectError(await call(api(`/sessions/${unknown}`), 'DELETE'), 404, 'NOT_FOUND');

		const s = await start({ channels: 1 });
		expect(s.device).toMatchObject({ id: 'default', client_id: null });
		const stopped = stopRecordingResponseSchema.parse(
			(await call(api('/stop'), 'POST', { session_id: s.session_id })).body,
		);
		// Nothing was sent: the session completes without a file.
		expect(stopped).toMatchObject({
			session: { status: 'completed', file_path: null },
			audio_file: null,
		});
		expectError(
			await call(api('/stop'), 'POST', { session_id: s.session_id }),
			409,
			'SESSION_NOT_ACTIVE',
		);
		expectError(await call(api(`/sessions/${s.session_id}`), 'DELETE'), 409, 'SESSION_NOT_ACTIVE');
	});

	it('validates requests and refuses unknown devices', async () => {
		for (const body of [
			{ channels: 3 },
			{ max_duration: 0 },
			{ max_duration: 21601 },
			{ auto_stop_silence: 0.5 },
			{ filename: '' },
			{ surprise: true },
			{ device_id: 7 },
		]) {
			expectError(await call(api('/record'), 'POST', body), 422, 'VALIDATION_ERROR');
		}
		expectError(
			await call(api('/stop'), 'POST', { session_id: 'x', save_file: 'yes' }),
			422,
			'VALIDATION_ERROR',
		);
		expectError(await call(api('/stop'), 'POST', {}), 422, 'VALIDATION_ERROR');
		expectError(await call(api('/record'), 'POST', { device_id: 'nope' }), 404, 'NOT_FOUND');
		expectError(
			await call(api('/record'), 'POST', { device_id: 'tab', client_id: 'browser-z' }),
			404,
			'NOT_FOUND',
		);
	});

	it('ids that try to leave their folder get envelopes', async () => {
		for (const id of [
			'..%2F..%2Fetc%2Fpasswd',
			'%2e%2e%2f%2e%2e%2fetc%2fpasswd',
			'..%5C..%5Cwin.ini',
			'a%00b',
		]) {
			expectError(await call(api(`/sessions/${id}`)), 400, 'BAD_REQUEST');
			expectError(await call(api(`/sessions/${id}`), 'DELETE'), 400, 'BAD_REQUEST');
		}
		// An unencoded ../ is resolved by the URL itself and lands outside the API's routes.
		const plain = await fetch(server.url + '/api/v1/audio/sessions/../../etc/passwd');
		expect(plain.status).toBe(404);
		expectError(
			await call(api('/stop'), 'POST', { session_id: '../../etc/passwd' }),
			400,
			'BAD_REQUEST',
		);
	});

	it('sanitises file names', async () => {
		const names: [string, string][] = [
			['../../etc/passwd', 'etc_passwd.wav'],
			['C:\\Users\\me\\notes.WAV', 'C_Users_me_notes.wav'],
			['stand\u0000up\nmeeting', 'stand_up_meeting.wav'],
			['.hidden', 'hidden.wav'],
			['...', ''],
			['Réunion d’équipe 🎙️', 'Réunion d’équipe 🎙️.wav'],
		];
		for (const [asked, expected] of names) {
			const s = await start({ filename: asked, channels: 1 });
			expect((await call(api('/sessions')), s.session_id)).toBeTruthy();
			const sent = await send(client, 'capture:chunk', {
				session_id: s.session_id,
				seq: 0,
				sample_index: 0,
				channels: 1,
				pcm: testSignal(1600, 1),
			});
			expect(sent.ok).toBe(true);
			const { audio_file } = stopRecordingResponseSchema.parse(
				(await call(api('/stop'), 'POST', { session_id: s.session_id })).body,
			);
			if (expected) expect(audio_file?.filename).toBe(expected);
			else expect(audio_file?.filename).toMatch(/^recording-\d{8}-\d{6}\.wav$/);
			expect(audio_file?.path).toBe(`recordings/${s.session_id}.wav`);
		}
	});
});

describe('discarding audio', () => {
	const record = async () => {
		const s = await start({ channels: 1 });
		for (const c of chunk(testSignal(8000, 1), 1, 3200)) {
			await send(client, 'capture:chunk', { session_id: s.session_id, channels: 1, ...c });
		}
		const file = path.join(server.dataDir, `recordings/${s.session_id}.wav`);
		expect(fs.existsSync(file)).toBe(true);
		return { s, file };
	};

	it('stop with save_file false removes the file', async () => {
		const { s, file } = await record();
		const res = await call(api('/stop'), 'POST', { session_id: s.session_id, save_file: false });
		expect(stopRecordingResponseSchema.parse(res.body)).toMatchObject({
			session: { status: 'cancelled', file_path: null, file_size_bytes: 0 },
			audio_file: null,
		});
		expect(fs.existsSync(file)).toBe(false);
	});

	it('DELETE /sessions/{id} cancels and removes the file', async () => {
		const { s, file } = await record();
		const gone = ended(s.session_id);
		const res = await call(api(`/sessions/${s.session_id}`), 'DELETE');
		expect(recordingSessionResponseSchema.parse(res.body).session).toMatchObject({
			status: 'cancelled',
			file_path: null,
		});
		expect(await gone).toMatchObject({ kind: 'cancelled', reason: 'cancelled' });
		expect(fs.existsSync(file)).toBe(false);
		const later = recordingSessionResponseSchema.parse(
			(await call(api(`/sessions/${s.session_id}`))).body,
		);
		expect(later.session).toMatchObject({ status: 'cancelled', audio_file_id: null });
	});
});

describe('auto-stop', () => {
	it('max_duration stops the session at exactly that much audio', async () => {
		const s = await start({ channels: 1, max_duration: 1 });
		const done = ended(s.session_id);
		const signal = testSignal(22400, 1);
		const acks = [];
		for (const c of chunk(signal, 1, 3200)) {
			acks.push(
				captureAckSchema.parse(
					await send(client, 'capture:chunk', { session_id: s.session_id, channels: 1, ...c }),
				),
			);
		}
		// Acked up to the limit (the chunk crossing it is cut); refused once the session ended.
		expect(acks.slice(0, 5).every((a) => a.ok)).toBe(true);
		expect(acks.at(-1)).toMatchObject({ ok: false, error_code: 'SESSION_NOT_ACTIVE' });
		const update = await done;
		expect(update).toMatchObject({ kind: 'stopped', reason: 'max_duration' });
		expect(update.session).toMatchObject({ status: 'completed', duration_seconds: 1 });
		const wav = readWav(path.join(server.dataDir, update.session.file_path!));
		expect(wav.dataSize).toBe(32000);
		expect(wav.data.equals(signal.subarray(0, 32000))).toBe(true);
	});

	it('auto_stop_silence stops after that long below the threshold on every channel', async () => {
		const s = await start({ channels: 2, auto_stop_silence: 1 });
		const done = ended(s.session_id);
		// 0.6 s of sound on channel 1 only, then silence.
		const pcm = Buffer.alloc(16000 * 2 * 4);
		const tone = testSignal(9600, 1);
		for (let i = 0; i < 9600; i++) pcm.writeInt16LE(tone.readInt16LE(i * 2), i * 4 + 2);
		const acks = [];
		for (const c of chunk(pcm, 2, 3200)) {
			acks.push(
				captureAckSchema.parse(
					await send(client, 'capture:chunk', { session_id: s.session_id, channels: 2, ...c }),
				),
			);
		}
		const update = await done;
		expect(update).toMatchObject({ kind: 'stopped', reason: 'silence' });
		// Sound ended at 0.6 s; one second of silence later (1.6 s) the session stopped.
		expect(update.session.duration_seconds).toBe(1.6);
		expect(acks.filter((a) => a.ok)).toHaveLength(8);
		expect(acks.slice(8).every((a) => !a.ok && a.error_code === 'SESSION_NOT_ACTIVE')).toBe(true);
	});
});
