import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace as IoNamespace } from 'socket.io';
import {
	SOCKET_PATH,
	type RecordingServerEvents,
	type SystemServerEvents,
	type TranscriptionServerEvents,
} from '../../../contracts/events';
import type { CaptureClientEvents } from '../../../contracts/capture';
import type { AppContext } from '../../app/context';
import { registerCaptureHandlers } from './capture-handlers';
import { registerLiveHandlers } from './live-handlers';
import {
	disconnectOnRevoke,
	socketAuthMiddleware,
	socketCors,
	socketRequestGate,
} from './socket-guard';

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
		// Same origin, plus the CORS_ORIGINS allow-list; the gate also covers WebSockets.
		cors: socketCors(ctx),
		allowRequest: socketRequestGate(ctx),
		// Capture chunks are small; this bounds what one message may cost the server.
		maxHttpBufferSize: 4 * 1024 * 1024,
		// A recovered connection is authenticated again: its key may have been revoked meanwhile.
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
	});

	const welcome = (namespace: string) => ({
		namespace,
		server_version: ctx.version,
		timestamp: new Date().toISOString(),
	});

	const recording = io.of('/recording') as Realtime['recording'];
	const transcription = io.of('/transcription') as Realtime['transcription'];
	const system = io.of('/system') as Realtime['system'];
	const namespaces = [recording, transcription, system];
	for (const nsp of namespaces) {
		nsp.use(socketAuthMiddleware(ctx));
		nsp.on('connection', (socket) => {
			ctx.logger.debug({ nsp: nsp.name, socket: socket.id }, 'socket connected');
			socket.emit('welcome', welcome(nsp.name));
		});
	}

	transcription.on('connection', (socket) => {
		// Everyone follows all jobs unless they narrow down to the jobs they subscribe to.
		void socket.join('jobs:all');
		socket.on('transcription:subscribe', (req: unknown) => {
			const jobId = (req as { job_id?: unknown } | null)?.job_id;
			if (typeof jobId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(jobId)) {
				void socket.leave('jobs:all');
				void socket.join(`job:${jobId}`);
			}
		});
	});
	registerLiveHandlers(transcription, ctx.live);
	const stopCapture = registerCaptureHandlers(recording, ctx);

	const relay = (e: Parameters<SystemServerEvents['system_event']>[0]) =>
		system.emit('system_event', e);
	ctx.events.on('system_event', relay);
	const stopRevocations = disconnectOnRevoke(ctx, namespaces);

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
		stopRevocations();
		io.disconnectSockets(true);
		// Not io.close(): that would also close the HTTP server, which belongs to the caller.
		io.engine.close();
	};
	ctx.onDispose(close);

	ctx.realtime = { io, recording, transcription, system, close };
	return ctx.realtime;
}
