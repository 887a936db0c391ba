import type { DefaultEventsMap, Server, Namespace as IoNamespace } from 'socket.io';
import type { CaptureClientEvents } from '../../../contracts/capture';
import type {
	RecordingServerEvents,
	SystemClientEvents,
	SystemServerEvents,
	TranscriptionServerEvents,
} from '../../../contracts/events';
import type { SocketData } from './socket-guard';

export interface Realtime {
	io: Server;
	recording: IoNamespace<CaptureClientEvents, RecordingServerEvents, DefaultEventsMap, SocketData>;
	transcription: IoNamespace<
		Record<string, never>,
		TranscriptionServerEvents,
		DefaultEventsMap,
		SocketData
	>;
	system: IoNamespace<SystemClientEvents, SystemServerEvents, DefaultEventsMap, SocketData>;
	/** Disconnects every client and stops timers; idempotent. */
	close(): void;
}

/** The room of one recording session: its progress and live transcript. */
export const sessionRoom = (id: string) => `session:${id}`;
/** Every socket of one identity (auth's identityOf), for what only its owner may see. */
export const ownerRoom = (owner: string) => `owner:${owner}`;

/** The room of one transcription job. */
export const jobRoom = (id: string) => `job:${id}`;
