import { io } from 'socket.io-client';
import { SOCKET_PATH } from '$lib/contracts/events';
import type { CaptureSocket } from './link';

/** The /recording namespace as the capture link uses it. */
export function recordingSocket(): CaptureSocket {
	const socket = io('/recording', {
		path: SOCKET_PATH,
		autoConnect: false,
		transports: ['websocket', 'polling'],
		tryAllTransports: true,
		// Come back quickly once the server is back: audio is waiting.
		reconnectionDelay: 500,
		reconnectionDelayMax: 2000,
	});
	return {
		get connected() {
			return socket.connected;
		},
		connect: () => void socket.connect(),
		disconnect: () => void socket.disconnect(),
		on: (event: 'connect' | 'disconnect' | 'connect_error', fn: (reason: string) => void) =>
			void socket.on(event, fn),
		request(event, payload, timeoutMs) {
			// Socket.IO would buffer an emit made while offline and send it stale on reconnect;
			// the outbox sends again on reconnect anyway.
			if (!socket.connected) return Promise.reject(new Error('Not connected'));
			return socket.timeout(timeoutMs).emitWithAck(event, payload);
		},
	};
}

/** Web Locks keep two tabs from finishing the same session; without them, every page may. */
export const sessionLocks = {
	tryHold(sessionId: string): Promise<(() => void) | null> {
		if (!navigator.locks) return Promise.resolve(() => {});
		return new Promise((resolve) => {
			void navigator.locks.request(
				`meetingscribe-session-${sessionId}`,
				{ ifAvailable: true },
				(lock) => {
					if (!lock) return resolve(null);
					return new Promise<void>((release) => resolve(() => release()));
				},
			);
		});
	},
};
