import { z } from 'zod';
import { audioDeviceSchema, recordingSessionSchema } from './audio';
import { errorCodeSchema } from './errors';
import { MODEL_SAMPLE_RATE } from './audio-format';

/**
 * The browser → server capture protocol on the /recording namespace.
 *
 * 1. `capture:hello` announces the client's devices (for GET /api/v1/audio/devices).
 * 2. The client starts a session with REST `POST /api/v1/audio/record` (passing `client_id`
 *    and `channels`), then `capture:join`s it; the ack says how far the server has audio.
 * 3. Every chunk is `capture:chunk` with an ack. The server acks only once the samples are
 *    written to the session's file; writes are idempotent at `sample_index`, so resends and
 *    reordering are safe. The client keeps each chunk (IndexedDB) until acked.
 * 4. Stop: the client waits until its outbox is empty, then calls REST `POST /api/v1/audio/stop`.
 */
export const CAPTURE_SAMPLE_RATE = MODEL_SAMPLE_RATE;
/** Largest `pcm` one chunk may carry (about 16 s of 2-channel audio); larger is PAYLOAD_TOO_LARGE. */
export const MAX_CHUNK_BYTES = 1024 * 1024;

export const captureHelloSchema = z.object({
	/**
	 * A stable id the client chooses (e.g. a UUID kept for the page's life) and passes again as
	 * `client_id` to POST /record. A socket announces one client; a new hello replaces its devices.
	 */
	client_id: z.string().min(1).max(100),
	devices: z
		.array(
			audioDeviceSchema
				.omit({ client_id: true })
				.extend({ id: z.string().min(1).max(200), name: z.string().max(200) }),
		)
		.max(64),
});

export const captureJoinSchema = z.object({ session_id: z.string().min(1).max(100) });

export const captureChunkSchema = z.object({
	session_id: z.string().min(1).max(100),
	/** Per-session counter from 0, for diagnostics and dedupe. */
	seq: z.number().int().nonnegative(),
	/** Index of the chunk's first sample frame (per channel) from the start of the session. */
	sample_index: z.number().int().nonnegative(),
	channels: z.union([z.literal(1), z.literal(2)]),
	/** Interleaved 16-bit little-endian PCM at 16 kHz (channel 0 mic, channel 1 tab). */
	pcm: z.instanceof(Uint8Array).or(z.instanceof(ArrayBuffer)),
});

export const captureAckSchema = z.discriminatedUnion('ok', [
	z.object({
		ok: z.literal(true),
		seq: z.number().int().optional(),
		/** On chunk acks: sample frames the server holds contiguously from 0. */
		samples_written: z.number().int().nonnegative().optional(),
	}),
	z.object({
		ok: z.literal(false),
		error_code: errorCodeSchema,
		message: z.string(),
		/** With RATE_LIMITED: seconds until the chunk may be sent again. */
		retry_after_seconds: z.number().int().positive().optional(),
	}),
]);

export const captureJoinAckSchema = z.discriminatedUnion('ok', [
	z.object({
		ok: z.literal(true),
		session: recordingSessionSchema,
		/** Sample frames the server holds contiguously from 0. */
		samples_written: z.number().int().nonnegative(),
	}),
	z.object({ ok: z.literal(false), error_code: errorCodeSchema, message: z.string() }),
]);

export type CaptureHello = z.infer<typeof captureHelloSchema>;
export type CaptureJoin = z.infer<typeof captureJoinSchema>;
export type CaptureChunk = z.infer<typeof captureChunkSchema>;
export type CaptureAck = z.infer<typeof captureAckSchema>;
export type CaptureJoinAck = z.infer<typeof captureJoinAckSchema>;

export interface CaptureClientEvents {
	'capture:hello': (hello: CaptureHello, ack: (a: CaptureAck) => void) => void;
	'capture:join': (join: CaptureJoin, ack: (a: CaptureJoinAck) => void) => void;
	'capture:chunk': (chunk: CaptureChunk, ack: (a: CaptureAck) => void) => void;
}
