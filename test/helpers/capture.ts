import { io as connect, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { captureAckSchema } from '../../src/lib/contracts/capture';
import { SOCKET_PATH } from '../../src/lib/contracts/events';
import { chunk } from './wav';

/** A fresh (not multiplexed) client on /recording, once connected. */
export async function recordingClient(url: string): Promise<Socket> {
	const socket = connect(url + '/recording', {
		path: SOCKET_PATH,
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

export type Ack = { ok: boolean; error_code?: string; message?: string; [k: string]: unknown };

/** Emits with an acknowledgement and resolves with the server's reply. */
export function send(socket: Socket, event: string, ...args: unknown[]): Promise<Ack> {
	return socket.timeout(15_000).emitWithAck(event, ...args) as Promise<Ack>;
}

/** Streams interleaved PCM to a session in chunks of `frames`, each acknowledged as stored. */
export async function sendAll(
	rec: Socket,
	sessionId: string,
	pcm: Buffer,
	channels: 1 | 2,
	frames = 4000,
): Promise<void> {
	for (const c of chunk(pcm, channels, frames)) {
		const ack = captureAckSchema.parse(
			await send(rec, 'capture:chunk', { session_id: sessionId, channels, ...c }),
		);
		expect(ack.ok).toBe(true);
	}
}

/** The next event matching `pred`, or rejects after `timeoutMs`. */
export function next<T>(
	socket: Socket,
	event: string,
	pred: (v: T) => boolean = () => true,
	timeoutMs = 15_000,
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event, on);
			reject(new Error(`no matching '${event}' within ${timeoutMs} ms`));
		}, timeoutMs);
		const on = (v: T) => {
			if (!pred(v)) return;
			clearTimeout(timer);
			socket.off(event, on);
			resolve(v);
		};
		socket.on(event, on);
	});
}

export const device = (id: string, name = id) => ({
	id,
	name,
	kind: 'microphone' as const,
	max_input_channels: 2,
	max_output_channels: 0,
	sample_rate: 48000,
	is_default: true,
	is_loopback: false,
	is_available: true,
});

/** A JSON request; the body comes back unparsed, for the test to check against a schema. */
export async function call(
	url: string,
	method = 'GET',
	body?: unknown,
): Promise<{ status: number; headers: Headers; body: unknown }> {
	const res = await fetch(url, {
		method,
		...(body === undefined
			? {}
			: { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}
