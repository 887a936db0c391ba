import { z } from 'zod';
import { healthCheckSchema, healthStateSchema, timestampSchema } from './api';
import type { LiveServerEvents } from './live';

/** Socket.IO is served on this path; the namespaces mirror the contract's three channels. */
export const SOCKET_PATH = '/api/v1/ws';
export const NAMESPACES = ['/recording', '/transcription', '/system'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const systemHealthEventSchema = z.object({
	status: healthStateSchema,
	reasons: z.array(z.string()),
	checks: z.array(healthCheckSchema),
	uptime_seconds: z.number(),
	/** Open recording sessions, as in GET /api/v1/system/status. */
	active_recordings: z.number().int().nonnegative(),
	/** Pending or running transcription jobs, as in GET /api/v1/system/status. */
	active_transcriptions: z.number().int().nonnegative(),
	timestamp: timestampSchema,
});

/** The answer on /system to a client's `ping` (the specification's heartbeat). */
export const pongSchema = z.object({ timestamp: timestampSchema });
export type Pong = z.infer<typeof pongSchema>;

export const systemEventSchema = z.object({
	event_type: z.string(),
	data: z.record(z.string(), z.unknown()),
	timestamp: timestampSchema,
});

export const recordingUpdateSchema = z.object({
	session_id: z.string(),
	data: z.record(z.string(), z.unknown()),
	timestamp: timestampSchema,
});

export const transcriptionUpdateSchema = z.object({
	job_id: z.string(),
	data: z.record(z.string(), z.unknown()),
	timestamp: timestampSchema,
});

export type SystemHealthEvent = z.infer<typeof systemHealthEventSchema>;
export type SystemEvent = z.infer<typeof systemEventSchema>;
export type RecordingUpdate = z.infer<typeof recordingUpdateSchema>;
export type TranscriptionUpdate = z.infer<typeof transcriptionUpdateSchema>;

/** Sent to a client when it connects, so it knows the server it talks to. */
export const welcomeSchema = z.object({
	namespace: z.string(),
	server_version: z.string(),
	timestamp: timestampSchema,
});
export type Welcome = z.infer<typeof welcomeSchema>;

// Typed event maps (server → client, client → server) per namespace.
export interface SystemServerEvents {
	welcome: (w: Welcome) => void;
	system_health: (h: SystemHealthEvent) => void;
	system_event: (e: SystemEvent) => void;
	pong: (p: Pong) => void;
}
/** Client → server on /system: `ping` (any payload, or none) is answered with `pong`. */
export interface SystemClientEvents {
	ping: (payload?: unknown) => void;
}
export interface RecordingServerEvents {
	welcome: (w: Welcome) => void;
	recording_update: (u: RecordingUpdate) => void;
}
export interface TranscriptionServerEvents extends LiveServerEvents {
	welcome: (w: Welcome) => void;
	transcription_update: (u: TranscriptionUpdate) => void;
}
/** Client → server events; each namespace's handlers are added by the issue that owns them. */
export type ClientEvents = Record<string, never>;
