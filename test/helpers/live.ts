import { io as connect, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '../../src/lib/contracts/events';
import { liveSegmentSchema, type LiveSegment } from '../../src/lib/contracts/live';
import { concat, loadSpeech } from './audio';

export const RATE = 16000;

/** Interleaved 16-bit PCM from per-channel float tracks (padded to the longest). */
export function interleave(tracks: Float32Array[]): Buffer {
	const n = Math.max(...tracks.map((t) => t.length));
	const out = Buffer.alloc(n * tracks.length * 2);
	for (let i = 0; i < n; i++) {
		tracks.forEach((t, c) => {
			const v = Math.max(-1, Math.min(1, t[i] ?? 0));
			out.writeInt16LE(Math.round(v * 32767), (i * tracks.length + c) * 2);
		});
	}
	return out;
}

export interface Speech {
	channel: number;
	start: number;
	end: number;
}

/**
 * A two-channel meeting: the speech fixture at the given times (seconds) on the given channels,
 * silence elsewhere, plus `tail` seconds of silence at the end. Returns the tracks and where
 * the speech lies.
 */
export function meeting(
	turns: { channel: number; at: number }[],
	tail = 1.5,
): { tracks: Float32Array[]; speech: Speech[]; seconds: number } {
	const voice = loadSpeech();
	const voiceS = voice.length / RATE;
	const seconds = Math.max(...turns.map((t) => t.at + voiceS)) + tail;
	const tracks = [0, 1].map(() => new Float32Array(Math.ceil(seconds * RATE)));
	for (const t of turns) tracks[t.channel]!.set(voice, Math.round(t.at * RATE));
	return {
		tracks,
		speech: turns.map((t) => ({ channel: t.channel, start: t.at, end: t.at + voiceS })),
		seconds,
	};
}

export { concat };

/** A /transcription client subscribed to a session's live room, collecting its segments. */
export async function liveClient(
	url: string,
	sessionId: string,
): Promise<{ socket: Socket; segments: LiveSegment[]; finals: () => LiveSegment[] }> {
	const socket = connect(url + '/transcription', {
		path: SOCKET_PATH,
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
	});
	const segments: LiveSegment[] = [];
	socket.on('live_segment', (s: unknown) => segments.push(liveSegmentSchema.parse(s)));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const ack = (await socket
		.timeout(10_000)
		.emitWithAck('live:subscribe', { session_id: sessionId })) as { ok: boolean };
	if (!ack.ok) throw new Error('live:subscribe refused');
	return { socket, segments, finals: () => segments.filter((s) => s.final) };
}
