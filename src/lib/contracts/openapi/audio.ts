import { z } from 'zod';
import {
	audioDeviceListSchema,
	chunkAckResponseSchema,
	chunkQuerySchema,
	recordingSessionListSchema,
	recordingSessionResponseSchema,
	recordingSessionSchema,
	startRecordingRequestSchema,
	startRecordingResponseSchema,
	stopRecordingRequestSchema,
	stopRecordingResponseSchema,
} from '../audio';
import { defineArea, named } from './spec';

const sessionParams = z.object({ id: z.string().describe('The session_id POST /record returned') });

export const audioArea = defineArea({
	tag: 'Audio',
	description:
		'Recording sessions. The browser streams the audio over the /recording Socket.IO namespace (capture protocol), and HTTP-only tools with POST /sessions/{id}/chunks; these routes start, feed, stop, list and cancel sessions. A session belongs to the API key (or browser sign-in) that started it; to any other it does not exist (404).',
	components: [named('RecordingSession', recordingSessionSchema)],
	operations: [
		{
			method: 'get',
			path: '/api/v1/audio/devices',
			operationId: 'listAudioDevices',
			examples: [{ summary: 'Devices of the connected capture clients', status: 200 }],
			summary: 'Audio devices reported by connected capture clients',
			description:
				"The devices come from connected capture clients: each browser tab (or other Socket.IO client on /recording) announces its microphones and tab audio with `capture:hello`, and they are listed here, each with its `client_id`, until that client disconnects. The server itself captures nothing: the original specification's server-side inputs (sound cards of the machine the server runs on, `kind: server`) are out of scope, so the list is empty while no capture client is connected. HTTP-only tools need no device: they start a session without `device_id` and feed it with POST /api/v1/audio/sessions/{id}/chunks.",
			responses: {
				200: { description: 'Devices', schema: named('AudioDeviceList', audioDeviceListSchema) },
			},
		},
		{
			method: 'post',
			path: '/api/v1/audio/record',
			operationId: 'startRecording',
			examples: [
				{
					summary: 'A 48 kHz stereo session (microphone | tab) that stops itself after an hour',
					body: { channels: 2, sample_rate: 48000, filename: 'standup.wav', max_duration: 3600 },
					status: 200,
				},
				{ summary: 'Three channels are refused', body: { channels: 3 }, status: 422 },
			],
			summary: 'Start a recording session',
			description:
				'Creates the session; the capture client then joins it with `capture:join` and streams chunks. `max_duration` and `auto_stop_silence` stop it by themselves. One identity may hold MAX_SESSIONS_PER_IDENTITY sessions open (default 20): one more is 409 CONFLICT with `open_sessions` and `limit` in `error_details`.',
			body: {
				description: 'Session options',
				schema: named('StartRecordingRequest', startRecordingRequestSchema),
			},
			responses: {
				200: {
					description: 'Started',
					schema: named('StartRecordingResponse', startRecordingResponseSchema),
				},
			},
			errors: ['RECORDING_IN_PROGRESS', 'CONFLICT'],
		},
		{
			method: 'post',
			path: '/api/v1/audio/stop',
			operationId: 'stopRecording',
			examples: [
				{
					summary: 'Stop and keep the audio',
					body: { session_id: '{session_id}', save_file: true },
					status: 200,
				},
				{
					summary: 'An unknown session',
					body: { session_id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: 'Stop a recording session',
			description:
				'Finalises the WAV and returns its AudioFile (`save_file: false` discards the audio).',
			body: {
				description: 'Which session',
				schema: named('StopRecordingRequest', stopRecordingRequestSchema),
			},
			responses: {
				200: {
					description: 'Stopped',
					schema: named('StopRecordingResponse', stopRecordingResponseSchema),
				},
			},
			errors: ['NOT_FOUND', 'SESSION_NOT_ACTIVE', 'BAD_REQUEST'],
		},
		{
			method: 'get',
			path: '/api/v1/audio/sessions',
			operationId: 'listRecordingSessions',
			examples: [{ summary: 'My open sessions', status: 200 }],
			summary: 'Active recording sessions',
			responses: {
				200: {
					description: 'Sessions',
					schema: named('RecordingSessionList', recordingSessionListSchema),
				},
			},
		},
		{
			method: 'get',
			path: '/api/v1/audio/sessions/{id}',
			operationId: 'getRecordingSession',
			examples: [
				{ summary: 'A session', params: { id: '{session_id}' }, status: 200 },
				{
					summary: 'An unknown (or another key’s) session',
					params: { id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: "One recording session's status",
			params: sessionParams,
			responses: {
				200: {
					description: 'The session',
					schema: named('RecordingSessionResponse', recordingSessionResponseSchema),
				},
			},
			errors: ['NOT_FOUND', 'BAD_REQUEST'],
		},
		{
			method: 'post',
			path: '/api/v1/audio/sessions/{id}/chunks',
			operationId: 'sendRecordingChunk',
			examples: [
				{
					summary: 'Half a second of PCM at the start',
					params: { id: '{session_id}' },
					query: { sample_index: '0' },
					binary: 'pcm',
					status: 200,
				},
				{
					summary: 'The same bytes again: a success',
					params: { id: '{session_id}' },
					query: { sample_index: '0' },
					binary: 'pcm',
					status: 200,
				},
				{
					summary: 'Too far past the audio held',
					params: { id: '{session_id}' },
					query: { sample_index: '100000000' },
					binary: 'pcm',
					status: 400,
				},
			],
			summary: 'Feed a session over HTTP (PCM at a sample index)',
			description:
				"For tools that speak only HTTP: the body is little-endian signed 16-bit PCM, interleaved for the session's `channels`, at its `sample_rate`, and `sample_index` is the frame (per channel) of its first sample from the start of the session. The guarantees of the capture socket: a chunk is acknowledged once its samples are in the session's file; the same bytes at the same index again are a success (resend freely); different bytes for samples already held are refused (409 CONFLICT); a chunk may start at most 60 s past the audio held contiguously from 0 (400 BAD_REQUEST); at most 1 MiB a chunk, whole frames only. Sessions are their creator's: to any other key they do not exist (404). At most CHUNK_RATE_PER_MIN chunks a minute per identity (a burst of that many, default 3000): past it 429 RATE_LIMITED with Retry-After, nothing written. A session that gets no chunk for SESSION_IDLE_TIMEOUT_S ends `interrupted` with its audio kept. POST /api/v1/audio/stop then stores exactly the frames held.",
			params: sessionParams,
			query: chunkQuerySchema,
			body: {
				description: "Raw PCM: s16le, interleaved for the session's channels",
				contentType: 'application/octet-stream',
			},
			responses: {
				200: {
					description: 'The acknowledgement: which frames the session now holds',
					schema: named('ChunkAck', chunkAckResponseSchema),
				},
			},
			errors: [
				'NOT_FOUND',
				'SESSION_NOT_ACTIVE',
				'CONFLICT',
				'BAD_REQUEST',
				'UNSUPPORTED_MEDIA_TYPE',
			],
		},
		{
			method: 'delete',
			path: '/api/v1/audio/sessions/{id}',
			operationId: 'cancelRecordingSession',
			examples: [
				{ summary: 'Cancel, discarding the audio', params: { id: '{session_id}' }, status: 200 },
			],
			summary: 'Cancel a recording session (its audio is discarded)',
			params: sessionParams,
			responses: {
				200: {
					description: 'Cancelled',
					schema: named('CancelledRecordingSession', recordingSessionResponseSchema),
				},
			},
			errors: ['NOT_FOUND', 'SESSION_NOT_ACTIVE', 'BAD_REQUEST'],
		},
	],
});
