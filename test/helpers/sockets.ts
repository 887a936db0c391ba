import { io, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { SOCKET_PATH } from '../../src/lib/contracts/events';

export type SocketOpts = Partial<ManagerOptions & SocketOptions>;

export function once<T>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)),
			timeoutMs,
		);
		socket.once(event, (data: T) => {
			clearTimeout(timer);
			resolve(data);
		});
	});
}

/** Connects to a namespace over WebSocket only, without reconnecting. */
export function connectSocket(url: string, nsp: string, opts: SocketOpts = {}): Socket {
	return io(url + nsp, {
		path: SOCKET_PATH,
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		...opts,
	});
}

export type Handshake =
	{ ok: true; socket: Socket } | { ok: false; message: string; data?: { error_code?: string } };

/** Resolves once the server accepts (welcome) or refuses (connect_error) the connection. */
export async function handshake(
	url: string,
	nsp: string,
	opts: SocketOpts = {},
): Promise<Handshake> {
	const socket = connectSocket(url, nsp, opts);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no answer on ${nsp}`)), 10_000);
		socket.once('welcome', () => {
			clearTimeout(timer);
			resolve({ ok: true, socket });
		});
		socket.once('connect_error', (err: Error & { data?: { error_code?: string } }) => {
			clearTimeout(timer);
			socket.close();
			resolve({ ok: false, message: err.message, data: err.data });
		});
	});
}
