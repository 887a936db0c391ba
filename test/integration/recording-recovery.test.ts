import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
	recordingSessionResponseSchema,
	startRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { call, next, recordingClient, send } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { chunk, readWav, testSignal } from '../helpers/wav';

/** Starts a 2-channel session and streams `frames` of the test signal, every chunk acked. */
async function recordSome(server: RunningServer, frames: number) {
	const res = await call(server.url + '/api/v1/audio/record', 'POST', { channels: 2 });
	const { session } = startRecordingResponseSchema.parse(res.body);
	const client = await recordingClient(server.url);
	const signal = testSignal(frames, 2, 7);
	// Out of order, as a client's resends interleave with live chunks.
	const chunks = chunk(signal, 2, 3200).reverse();
	for (const c of chunks) {
		const ack = await send(client, 'capture:chunk', {
			session_id: session.session_id,
			channels: 2,
			...c,
		});
		expect(ack.ok).toBe(true);
	}
	return { session, client, signal };
}

async function sessionOf(server: RunningServer, id: string) {
	const res = await call(server.url + `/api/v1/audio/sessions/${id}`);
	return recordingSessionResponseSchema.parse(res.body).session;
}

describe('recovery', () => {
	it('after SIGKILL, a restart repairs the WAV and keeps every acknowledged sample', async () => {
		const first = await startServer();
		const { session, client, signal } = await recordSome(first, 16000 * 3);
		first.proc.kill('SIGKILL');
		await first.stop();
		client.close();

		const file = path.join(first.dataDir, session.file_path!);
		// The header was never finalised; add a torn partial frame as a crash mid-write could.
		expect(readWav(file).dataSize).toBe(0);
		fs.appendFileSync(file, Buffer.from([1, 2, 3]));

		const second = await startServer({ DATA_DIR: first.dataDir });
		try {
			// The log line may come after the "running at" line (the logger writes asynchronously).
			await expect
				.poll(() => second.output(), { timeout: 10_000 })
				.toContain('recovered a recording left open');
			const recovered = await sessionOf(second, session.session_id);
			expect(recovered).toMatchObject({
				status: 'interrupted',
				duration_seconds: 3,
				file_path: session.file_path,
				file_size_bytes: 44 + signal.length,
			});
			expect(recovered.error_message).toMatch(/kept/);
			expect(recovered.audio_file_id).toEqual(expect.any(String));

			const wav = readWav(file);
			expect(wav).toMatchObject({ channels: 2, sampleRate: 16000, dataSize: signal.length });
			expect(wav.riffSize).toBe(signal.length + 36);
			expect(wav.data.equals(signal)).toBe(true);

			const db = new Database(path.join(first.dataDir, 'meetingscribe.db'), { readonly: true });
			const row = db.prepare('SELECT * FROM audio_files WHERE id = ?').get(recovered.audio_file_id);
			db.close();
			expect(row).toMatchObject({
				source: 'recording',
				rel_path: session.file_path,
				size_bytes: 44 + signal.length,
				duration_seconds: 3,
				channels: 2,
			});

			expect((await call(second.url + '/api/v1/audio/sessions')).body).toEqual([]);
			const stop = await call(second.url + '/api/v1/audio/stop', 'POST', {
				session_id: session.session_id,
			});
			expect(stop.status).toBe(409);
			expect(errorEnvelopeSchema.parse(stop.body).error_code).toBe('SESSION_NOT_ACTIVE');
			// A capture client that comes back resumes it (recording-resume.test.ts goes on).
			const back = await recordingClient(second.url);
			const joined = await send(back, 'capture:join', { session_id: session.session_id });
			expect(joined).toMatchObject({
				ok: true,
				session: { status: 'recording' },
				samples_written: 48000,
			});
			back.close();
		} finally {
			await second.stop();
		}
	});

	it('retries a recording whose finalisation failed: its audio reaches the library at start-up', async () => {
		const first = await startServer();
		const { session, client, signal } = await recordSome(first, 16000 * 2);
		first.proc.kill('SIGKILL');
		await first.stop();
		client.close();
		// As session-end.ts leaves it when finalising fails: `failed`, no library entry, file kept.
		const db = new Database(path.join(first.dataDir, 'meetingscribe.db'));
		db.prepare(
			"UPDATE recording_sessions SET status = 'failed', audio_file_id = NULL, error_message = ? WHERE id = ?",
		).run(
			'The recording could not be finalised; its file was left for recovery.',
			session.session_id,
		);
		db.close();

		const second = await startServer({ DATA_DIR: first.dataDir });
		try {
			const recovered = await sessionOf(second, session.session_id);
			expect(recovered).toMatchObject({ status: 'interrupted', duration_seconds: 2 });
			expect(recovered.error_message).toMatch(/recovered at start-up/);
			expect(recovered.audio_file_id).toEqual(expect.any(String));
			const wav = readWav(path.join(first.dataDir, session.file_path!));
			expect(wav.data.equals(signal)).toBe(true);
			const listed = (await call(second.url + '/api/v1/files/recordings')).body as {
				recordings: { id: string }[];
			};
			expect(listed.recordings.map((r) => r.id)).toContain(recovered.audio_file_id);
		} finally {
			await second.stop();
		}
	});

	it('a graceful shutdown finalises open sessions as interrupted, audio kept', async () => {
		const server = await startServer();
		const { session, client, signal } = await recordSome(server, 16000 * 2);
		const watcher = await recordingClient(server.url);
		const gone = next(watcher, 'disconnect');
		expect(await server.stop('SIGTERM')).toBe(0);
		await gone;
		client.close();
		watcher.close();

		const wav = readWav(path.join(server.dataDir, session.file_path!));
		expect(wav.dataSize).toBe(signal.length);
		expect(wav.data.equals(signal)).toBe(true);

		const again = await startServer({ DATA_DIR: server.dataDir });
		try {
			expect(again.output()).not.toContain('recovered a recording left open');
			const s = await sessionOf(again, session.session_id);
			expect(s).toMatchObject({ status: 'interrupted', duration_seconds: 2 });
			expect(s.audio_file_id).toEqual(expect.any(String));
		} finally {
			await again.stop();
		}
	});
});
