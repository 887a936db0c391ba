import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
} from '../../src/lib/contracts/audio';
import { liveStatusSchema, type LiveSegment } from '../../src/lib/contracts/live';
import { call, device, next, recordingClient, send, sendAll } from '../helpers/capture';
import { diarizationModelsDir } from '../helpers/diarization';
import { interleave, liveClient } from '../helpers/live';
import { startServer, type RunningServer } from '../helpers/server';
import { RATE, speak, type Voice } from '../unit/diarization/voices';

/*
 * Live finals carry provisional voice labels within each channel, through the real server: the
 * remote side's voices are numbered as they are heard. (Finals sent again when a second voice
 * turns up depend on timing here; test/unit/live/voices.test.ts checks that deterministically.)
 */
let server: RunningServer;
beforeAll(async () => {
	server = await startServer({ MODELS_DIR: diarizationModelsDir() });
});
afterAll(async () => {
	await server?.stop();
});

/** Utterances at the given times (seconds) on the given channels, silence elsewhere. */
function tracks(turns: { channel: number; at: number; voice: Voice; text: string }[]) {
	const spoken = turns.map((t) => ({ ...t, samples: speak(t.voice, t.text) }));
	const seconds = Math.max(...spoken.map((t) => t.at + t.samples.length / RATE)) + 2;
	const out = [0, 1].map(() => new Float32Array(Math.ceil(seconds * RATE)));
	for (const t of spoken) out[t.channel]!.set(t.samples, Math.round(t.at * RATE));
	return out;
}

/** The last version of every final, in time order. */
function latest(segments: LiveSegment[]): LiveSegment[] {
	const byId = new Map<string, LiveSegment>();
	for (const s of segments) if (s.final) byId.set(s.segment_id, s);
	return [...byId.values()].sort((a, b) => a.start - b.start);
}

describe('live finals with provisional voice labels', () => {
	it('numbers the remote voices and keeps "You" for the mic', async () => {
		const pcm = interleave(
			tracks([
				{ channel: 1, at: 0.5, voice: 'low', text: 'We looked at the numbers this morning.' },
				{
					channel: 1,
					at: 4.5,
					voice: 'high',
					text: 'The second quarter went better than planned.',
				},
				{ channel: 1, at: 9, voice: 'low', text: 'Then we keep the budget as it is.' },
				{ channel: 0, at: 13, voice: 'middle', text: 'Sounds good to me, thank you both.' },
			]),
		);
		const rec = await recordingClient(server.url);
		try {
			await send(rec, 'capture:hello', { client_id: 'voices', devices: [device('mic-voices')] });
			const started = await call(server.url + '/api/v1/audio/record', 'POST', {
				channels: 2,
				client_id: 'voices',
			});
			const session = startRecordingResponseSchema.parse(started.body).session;
			const live = await liveClient(server.url, session.session_id);
			expect((await send(rec, 'capture:join', { session_id: session.session_id })).ok).toBe(true);
			await sendAll(rec, session.session_id, pcm, 2);
			const done = next(
				live.socket,
				'live_status',
				(s: unknown) => liveStatusSchema.parse(s).state === 'done',
				60_000,
			);
			const stopped = await call(server.url + '/api/v1/audio/stop', 'POST', {
				session_id: session.session_id,
			});
			stopRecordingResponseSchema.parse(stopped.body);
			await done;
			live.socket.close();

			const finals = latest(live.segments);
			const remote = finals.filter((f) => f.channel === 1);
			const mic = finals.filter((f) => f.channel === 0);
			expect(mic.length).toBeGreaterThan(0);
			for (const f of mic) expect([f.speaker, f.speaker_id]).toEqual(['You', 'mic']);
			for (const f of remote) expect(f.speaker).toMatch(/^Remote \d$/);
			const first = remote.find((f) => f.start < 4)!;
			const second = remote.find((f) => f.start > 4 && f.start < 8.5)!;
			const third = remote.find((f) => f.start > 8.5)!;
			expect(first.speaker).not.toBe(second.speaker);
			expect(third.speaker).toBe(first.speaker);
			// Every version sent named a speaker of its channel; the last one is what the panel shows.
			for (const v of live.segments.filter((x) => x.final && x.channel === 1))
				expect(v.speaker).toMatch(/^Remote( \d)?$/);
		} finally {
			rec.close();
		}
	}, 120_000);
});
