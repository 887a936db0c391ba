import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import { call, recordingClient, send } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { chunk, readWav, testSignal } from '../helpers/wav';

const FRAMES = 16000 * 5;
const CHUNK = 4000;

/** Streams chunks [from, to) of the signal; every one must be acknowledged. */
async function stream(
	server: RunningServer,
	sessionId: string,
	signal: Buffer,
	from: number,
	to: number,
) {
	const client = await recordingClient(server.url);
	const join = await send(client, 'capture:join', { session_id: sessionId });
	expect(join.ok).toBe(true);
	for (const c of chunk(signal, 2, CHUNK).slice(from, to)) {
		const ack = await send(client, 'capture:chunk', { session_id: sessionId, channels: 2, ...c });
		expect(ack).toMatchObject({ ok: true });
	}
	return client;
}

function audioFileRows(dataDir: string, relPath: string) {
	const db = new Database(path.join(dataDir, 'meetingscribe.db'), { readonly: true });
	try {
		return db.prepare('SELECT id FROM audio_files WHERE rel_path = ?').all(relPath);
	} finally {
		db.close();
	}
}

describe.each(['SIGKILL', 'SIGTERM'] as const)(
	'a session interrupted by %s resumes when its client comes back',
	(signal) => {
		it('completes the same file with everything the client still held', async () => {
			const first = await startServer();
			const res = await call(first.url + '/api/v1/audio/record', 'POST', { channels: 2 });
			const { session } = startRecordingResponseSchema.parse(res.body);
			const audio = testSignal(FRAMES, 2, 11);
			const client = await stream(first, session.session_id, audio, 0, 12); // 3 s
			client.close();
			await first.stop(signal);

			const second = await startServer({ DATA_DIR: first.dataDir });
			try {
				const back = await recordingClient(second.url);
				const joined = await send(back, 'capture:join', { session_id: session.session_id });
				expect(joined).toMatchObject({
					ok: true,
					session: { status: 'recording', audio_file_id: null },
					samples_written: 12 * CHUNK,
				});
				// The rest, with one chunk the server already had sent again (harmless).
				for (const c of chunk(audio, 2, CHUNK).slice(11)) {
					const ack = await send(back, 'capture:chunk', {
						session_id: session.session_id,
						channels: 2,
						...c,
					});
					expect(ack).toMatchObject({ ok: true });
				}
				back.close();
				const stop = await call(second.url + '/api/v1/audio/stop', 'POST', {
					session_id: session.session_id,
				});
				expect(stop.status).toBe(200);
				const stopped = stopRecordingResponseSchema.parse(stop.body);
				expect(stopped.session.status).toBe('completed');
				expect(stopped.audio_file?.duration_seconds).toBe(5);

				const wav = readWav(path.join(first.dataDir, session.file_path!));
				expect(wav.dataSize).toBe(audio.length);
				expect(wav.data.equals(audio)).toBe(true);
				// One library entry: the partial one made at recovery or shutdown is gone.
				expect(audioFileRows(first.dataDir, session.file_path!)).toEqual([
					{ id: stopped.audio_file!.id },
				]);
			} finally {
				await second.stop();
			}
		});
	},
);

describe('resuming', () => {
	it('is refused for a session that ended normally', async () => {
		const server = await startServer();
		try {
			const res = await call(server.url + '/api/v1/audio/record', 'POST', { channels: 2 });
			const { session } = startRecordingResponseSchema.parse(res.body);
			(await stream(server, session.session_id, testSignal(CHUNK, 2), 0, 1)).close();
			await call(server.url + '/api/v1/audio/stop', 'POST', { session_id: session.session_id });
			const client = await recordingClient(server.url);
			const joined = await send(client, 'capture:join', { session_id: session.session_id });
			expect(joined).toMatchObject({ ok: true, session: { status: 'completed' } });
			const ack = await send(client, 'capture:chunk', {
				session_id: session.session_id,
				channels: 2,
				...chunk(testSignal(CHUNK, 2), 2, CHUNK)[0]!,
			});
			expect(ack).toMatchObject({ ok: false, error_code: 'SESSION_NOT_ACTIVE' });
			client.close();
		} finally {
			await server.stop();
		}
	});
});
