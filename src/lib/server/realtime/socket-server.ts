import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace as IoNamespace } from 'socket.io';
import {
	SOCKET_PATH,
	type RecordingServerEvents,
	type SystemServerEvents,
	type TranscriptionServerEvents,
} from '../../contracts/events';
import type { CaptureClientEvents } from '../../contracts/capture';
import type { AppContext } from '../context';
import { registerCaptureHandlers } from './capture-handlers';

export interface Realtime {
	io: Server;
	recording: IoNamespace<CaptureClientEvents, RecordingServerEvents>;
	transcription: IoNamespace<Record<string, never>, TranscriptionServerEvents>;
	system: IoNamespace<Record<string, never>, SystemServerEvents>;
	/** Disconnects every client and stops timers; idempotent. */
	close(): void;
}

const HEALTH_INTERVAL_MS = 5000;

/**
 * Builds the Socket.IO server on an existing HTTP server. The production entry and the Vite dev
 * plugin both call this, so the realtime surface is identical in both.
 */
export function createSocketServer(httpServer: HttpServer, ctx: AppContext): Realtime {
	const io = new Server(httpServer, {
		path: SOCKET_PATH,
		serveClient: false,
		// Same-origin only until the CORS allow-list (system issue) configures more.
		cors: { origin: false },
		// Capture chunks are small; this bounds what one message may cost the server.
		maxHttpBufferSize: 4 * 1024 * 1024,
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
	});

	const welcome = (namespace: string) => ({
		namespace,
		server_version: ctx.version,
		timestamp: new Date().toISOString(),
	});

	const recording = io.of('/recording') as Realtime['recording'];
	const transcription = io.of('/transcription') as Realtime['transcription'];
	const system = io.of('/system') as Realtime['system'];
	for (const nsp of [recording, transcription, system]) {
		nsp.on('connection', (socket) => {
			ctx.logger.debug({ nsp: nsp.name, socket: socket.id }, 'socket connected');
			socket.emit('welcome', welcome(nsp.name));
		});
	}

	const stopCapture = registerCaptureHandlers(recording, ctx);

	const relay = (e: Parameters<SystemServerEvents['system_event']>[0]) =>
		system.emit('system_event', e);
	ctx.events.on('system_event', relay);

	// Health is computed only while someone listens.
	const timer = setInterval(() => {
		if (system.sockets.size === 0) return;
		void ctx.health.report().then((r) =>
			system.emit('system_health', {
				...r,
				uptime_seconds: (Date.now() - ctx.startedAt.getTime()) / 1000,
				timestamp: new Date().toISOString(),
			}),
		);
	}, HEALTH_INTERVAL_MS);
	timer.unref();

	let closed = false;
	const close = () => {
		if (closed) return;
		closed = true;
		clearInterval(timer);
		stopCapture();
		ctx.events.off('system_event', relay);
		io.disconnectSockets(true);
		// Not io.close(): that would also close the HTTP server, which belongs to the caller.
		io.engine.close();
	};
	ctx.onDispose(close);

	ctx.realtime = { io, recording, transcription, system, close };
	return ctx.realtime;
}
