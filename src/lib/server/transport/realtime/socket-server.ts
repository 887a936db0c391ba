import { isSafeId } from '../../../contracts/ids';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { SOCKET_PATH, type SystemServerEvents } from '../../../contracts/events';
import type { AppContext } from '../../app/context';
import type { AppEventMap } from '../../infra/events';
import { registerCaptureHandlers } from './capture-handlers';
import { jobRoom, sessionRoom, type Realtime } from './types';
import { registerLiveHandlers } from './live-handlers';
import {
	disconnectOnRevoke,
	socketAuthMiddleware,
	socketCors,
	socketRequestGate,
} from './socket-guard';

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
	// The default namespace serves nothing, but a client can still connect to it: it asks for the
	// same credentials as every other one, so an anonymous socket never gets in anywhere.
	io.of('/').use(socketAuthMiddleware(ctx));
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
			if (isSafeId(jobId)) {
				void socket.leave('jobs:all');
				void socket.join(jobRoom(jobId));
			}
		});
	});
	// The specification's heartbeat, beside Socket.IO's own: a client's `ping` gets a `pong`.
	system.on('connection', (socket) => {
		socket.on('ping', () => socket.emit('pong', { timestamp: new Date().toISOString() }));
	});
	registerLiveHandlers(transcription, ctx.live);
	const stopCapture = registerCaptureHandlers(recording, ctx);

	const relay = (e: Parameters<SystemServerEvents['system_event']>[0]) =>
		system.emit('system_event', e);
	ctx.events.on('system_event', relay);
	// Job updates go to the job's room and to everyone following all jobs (once per socket).
	const relayJob = (jobId: string, data: Record<string, unknown>) =>
		transcription
			.to(jobRoom(jobId))
			.to('jobs:all')
			.emit('transcription_update', { job_id: jobId, data, timestamp: new Date().toISOString() });
	const relaySegment: (...a: AppEventMap['live_segment']) => void = (id, segment) =>
		transcription.to(sessionRoom(id)).emit('live_segment', segment);
	const relayStatus: (...a: AppEventMap['live_status']) => void = (id, status) =>
		transcription.to(sessionRoom(id)).emit('live_status', status);
	ctx.events.on('job_update', relayJob);
	ctx.events.on('live_segment', relaySegment);
	ctx.events.on('live_status', relayStatus);
	const stopRevocations = disconnectOnRevoke(ctx, namespaces);

	// Health is computed only while someone listens.
	const timer = setInterval(() => {
		if (system.sockets.size === 0) return;
		ctx.system.liveHealth().then(
			(h) => system.emit('system_health', h),
			(err: unknown) => ctx.logger.warn({ err }, 'system_health could not be computed'),
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
		ctx.events.off('job_update', relayJob);
		ctx.events.off('live_segment', relaySegment);
		ctx.events.off('live_status', relayStatus);
		stopRevocations();
		io.disconnectSockets(true);
		// Not io.close(): that would also close the HTTP server, which belongs to the caller.
		io.engine.close();
	};
	ctx.onDispose(close);

	return { io, recording, transcription, system, close };
}
