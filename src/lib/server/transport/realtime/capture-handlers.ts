import type { z } from 'zod';
import {
	captureChunkSchema,
	captureHelloSchema,
	captureJoinSchema,
	type CaptureAck,
} from '../../../contracts/capture';
import type { AppContext } from '../../app/context';
import { knownFailure, RateLimitedError } from '../../infra/errors';
import { identityOf, TokenBucketLimiter } from '../../auth';
import type { SessionUpdate } from '../../recording';
import { ownerRoom, sessionRoom, type Realtime } from './types';

type Failure = Extract<CaptureAck, { ok: false }>;

/**
 * Wraps a capture event handler: the payload is validated with its schema, the reply goes to the
 * ack, and nothing a client sends (no payload, no ack, wrong types, a handler error) can throw
 * out of the listener, which would end the process.
 */
function acked<S extends z.ZodType>(
	ctx: AppContext,
	event: string,
	schema: S,
	handle: (payload: z.output<S>) => object,
) {
	return (...args: unknown[]) => {
		const last = args.at(-1);
		const ack = typeof last === 'function' ? (last as (reply: object) => void) : undefined;
		let reply: object;
		try {
			const parsed = schema.safeParse(ack ? args.slice(0, -1)[0] : args[0]);
			reply = parsed.success
				? handle(parsed.data)
				: failure(
						'VALIDATION_ERROR',
						`${event} is invalid: ${parsed.error.issues
							.slice(0, 5)
							.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
							.join('; ')}`,
					);
		} catch (err) {
			const known = knownFailure(err);
			if (known) {
				reply = failure(known.code, known.message);
				const retry = known.details?.retry_after_seconds;
				if (typeof retry === 'number') reply = { ...reply, retry_after_seconds: retry };
			} else {
				ctx.logger.error({ err, event }, 'capture handler failed');
				reply = failure('INTERNAL_ERROR', 'An unexpected error occurred. It has been logged.');
			}
		}
		ack?.(reply);
	};
}

const failure = (error_code: Failure['error_code'], message: string): Failure => ({
	ok: false,
	error_code,
	message,
});

/**
 * The capture protocol on /recording (contracts/capture.ts) and the relay of recording updates:
 * lifecycle updates to every client, progress only to the session's room.
 */
export function registerCaptureHandlers(nsp: Realtime['recording'], ctx: AppContext): () => void {
	const rec = ctx.recording;
	// This process accepts capture streams, so it owns the recordings a crash left open.
	rec.recover();

	nsp.on('connection', (socket) => {
		// Sessions are owned: a socket reaches only those of the identity it authenticated as.
		const owner = identityOf(socket.data.auth ?? null);
		if (owner) void socket.join(ownerRoom(owner));
		// Per socket, so one client's flood cannot starve another's (CHUNK_RATE_PER_MIN).
		const chunks = new TokenBucketLimiter(ctx.config.CHUNK_RATE_PER_MIN);
		socket.on(
			'capture:hello',
			acked(ctx, 'capture:hello', captureHelloSchema, (hello) => {
				rec.devices.announce(hello.client_id, socket.id, hello.devices);
				return { ok: true };
			}),
		);
		socket.on(
			'capture:join',
			acked(ctx, 'capture:join', captureJoinSchema, ({ session_id }) => {
				const { session, samplesWritten } = rec.join(session_id, owner);
				void socket.join(sessionRoom(session_id));
				return { ok: true, session, samples_written: samplesWritten };
			}),
		);
		socket.on(
			'capture:chunk',
			acked(ctx, 'capture:chunk', captureChunkSchema, (chunk) => {
				const gate = chunks.take('socket');
				if (!gate.allowed) {
					throw new RateLimitedError(
						`More than ${chunks.perMinute} chunks a minute on this connection: send it again later`,
						gate.retryAfterSeconds,
					);
				}
				const { samplesWritten } = rec.ingest(chunk, owner);
				return { ok: true, seq: chunk.seq, samples_written: samplesWritten };
			}),
		);
		socket.on('disconnect', () => rec.devices.forget(socket.id));
	});

	const relay = ({ sessionId, owner, data }: SessionUpdate) => {
		const update = { session_id: sessionId, data, timestamp: new Date().toISOString() };
		// Progress is volatile: each supersedes the last a second later, so it is neither kept for
		// connection-state recovery (which held every one for two minutes: ~0.2 MB per stream)
		// nor queued behind a connection that is still busy sending.
		if (data.kind === 'progress') {
			nsp.to(sessionRoom(sessionId)).volatile.emit('recording_update', update);
		} else if (owner) {
			// An owned session's start and end reach its owner's sockets only: its file name,
			// device and client id are nobody else's business.
			nsp.to(ownerRoom(owner)).emit('recording_update', update);
		} else nsp.emit('recording_update', update);
	};
	rec.events.on('update', relay);
	return () => rec.events.off('update', relay);
}
