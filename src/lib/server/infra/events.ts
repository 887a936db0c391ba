import { EventEmitter } from 'node:events';
import type { SystemEvent } from '../../contracts/events';
import type { LiveSegment, LiveStatus } from '../../contracts/live';

/**
 * What features announce, for whoever relays it (the Socket.IO transport in the server; nobody
 * in the CLI). Features emit here and never see a socket.
 */
export interface AppEventMap {
	/** Model loads, jobs, sessions…, relayed to the /system namespace. */
	system_event: [SystemEvent];
	/** A transcription job's progress or outcome, relayed to its room and to `jobs:all`. */
	job_update: [jobId: string, data: Record<string, unknown>];
	/** Live transcription of a recording session, relayed to the session's room. */
	live_segment: [sessionId: string, segment: LiveSegment];
	live_status: [sessionId: string, status: LiveStatus];
}

export type AppEvents = EventEmitter<AppEventMap>;

export function createAppEvents(): AppEvents {
	const events = new EventEmitter<AppEventMap>();
	// One listener per relay and per open test client; not a leak.
	events.setMaxListeners(100);
	return events;
}

/** A system event with its timestamp. */
export function emitSystemEvent(
	events: AppEvents,
	eventType: string,
	data: Record<string, unknown>,
): void {
	events.emit('system_event', { event_type: eventType, data, timestamp: new Date().toISOString() });
}
