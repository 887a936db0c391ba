import { z } from 'zod';
import { modelDownloadEventSchema } from '../models';
import {
	captureAckSchema,
	captureChunkSchema,
	captureHelloSchema,
	captureJoinAckSchema,
	captureJoinSchema,
} from '../capture';
import {
	recordingUpdateSchema,
	SOCKET_PATH,
	systemEventSchema,
	systemHealthEventSchema,
	pongSchema,
	transcriptionUpdateSchema,
	welcomeSchema,
} from '../events';
import {
	liveSegmentSchema,
	liveStatusSchema,
	liveSubscribeAckSchema,
	liveSubscribeSchema,
} from '../live';
import { apiKeyEventSchema, configChangedEventSchema } from '../system-events';
import { named, type RealtimeSpec } from './spec';

const welcome = {
	description: 'Sent once on connection: which namespace and server version',
	schema: named('Welcome', welcomeSchema),
};

export const realtime: RealtimeSpec = {
	path: SOCKET_PATH,
	description:
		'Socket.IO 4 on the same port. When the server requires keys, every namespace checks the handshake: `auth: { token: "<key>" }`, an `Authorization: Bearer` or `X-API-Key` header, or the session cookie (same origin only). A refused handshake ends in `connect_error` whose `data` is `{ error_code, message }` (UNAUTHORIZED, FORBIDDEN or RATE_LIMITED). Revoking a key disconnects its sockets.',
	namespaces: {
		'/recording': {
			description: 'Recording updates, and the capture protocol that streams audio from browsers.',
			emits: {
				welcome,
				recording_update: {
					description: 'A session changed (status, duration, size)',
					schema: named('RecordingUpdate', recordingUpdateSchema),
				},
			},
			listens: {
				'capture:hello': {
					description: 'A capture client announces its devices',
					schema: named('CaptureHello', captureHelloSchema),
					ack: named('CaptureAck', captureAckSchema),
				},
				'capture:join': {
					description: 'Join a session to stream it; the ack says how much audio the server has',
					schema: named('CaptureJoin', captureJoinSchema),
					ack: named('CaptureJoinAck', captureJoinAckSchema),
				},
				'capture:chunk': {
					description:
						'PCM audio; acknowledged once it is on disk. Past CHUNK_RATE_PER_MIN chunks a minute on one connection the ack is `{ ok: false, error_code: "RATE_LIMITED", retry_after_seconds }` and the chunk is not written: send it again after that many seconds.',
					schema: named('CaptureChunk', captureChunkSchema),
					ack: named('CaptureAck', captureAckSchema),
				},
			},
		},
		'/transcription': {
			description: 'Job progress and live transcript segments.',
			emits: {
				welcome,
				transcription_update: {
					description: 'A job progressed, finished or failed',
					schema: named('TranscriptionUpdate', transcriptionUpdateSchema),
				},
				live_segment: {
					description:
						"To a session's room: a partial (final: false) or final transcript of one utterance; later ones with the same segment_id replace it",
					schema: named('LiveSegment', liveSegmentSchema),
				},
				live_status: {
					description:
						"To a session's room about every second while it records: lag and dropped partials; state `done` carries the stored live transcript's id",
					schema: named('LiveStatus', liveStatusSchema),
				},
			},
			listens: {
				'live:subscribe': {
					description: "Join a recording session's room to receive its live transcript",
					schema: named('LiveSubscribe', liveSubscribeSchema),
					ack: named('LiveSubscribeAck', liveSubscribeAckSchema),
				},
			},
		},
		'/system': {
			description: 'Health every 5 seconds while someone listens, and system events.',
			emits: {
				welcome,
				system_health: {
					description:
						'The same checks as GET /api/v1/system/health, with `active_recordings` and `active_transcriptions` as in GET /api/v1/system/status, about every 5 s',
					schema: named('SystemHealthEvent', systemHealthEventSchema),
				},
				pong: {
					description:
						"The answer to a client's `ping` (the heartbeat of the original specification)",
					schema: named('Pong', pongSchema),
				},
				system_event: {
					description: 'Something happened; `event_type` says what (see systemEventTypes)',
					schema: named('SystemEvent', systemEventSchema),
				},
			},
			listens: {
				ping: {
					description: 'A heartbeat: the server answers with `pong` (any payload, or none)',
					schema: named('Ping', z.unknown().describe('Any payload, or none')),
				},
			},
		},
	},
	systemEventTypes: {
		model_download_progress: {
			description: 'A model download advanced (at most four times a second per download)',
			data: named('ModelDownload', modelDownloadEventSchema),
		},
		model_download_done: {
			description: 'A model download completed and the model is installed',
			data: named('ModelDownload', modelDownloadEventSchema),
		},
		model_download_failed: {
			description: 'A model download failed or was cancelled (`status` says which)',
			data: named('ModelDownload', modelDownloadEventSchema),
		},
		config_changed: {
			description: 'PUT /api/v1/system/config changed settings',
			data: named('ConfigChangedEvent', configChangedEventSchema),
		},
		api_key_created: {
			description: 'An API key was created',
			data: named('ApiKeyEvent', apiKeyEventSchema),
		},
		api_key_revoked: {
			description: 'An API key was revoked (its sockets are disconnected)',
			data: named('ApiKeyEvent', apiKeyEventSchema),
		},
	},
};
