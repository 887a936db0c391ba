import { successEnvelopeSchema } from '../api';
import {
	workerClaimRequestSchema,
	workerClaimResponseSchema,
	workerHeartbeatSchema,
	workerJobParamsSchema,
	workerProgressRequestSchema,
	workerProgressResponseSchema,
	workerResultRequestSchema,
} from '../workers';
import { defineArea, named } from './spec';

const held = 'Only the worker that claimed the job may report on it; another gets 409.';

export const workersArea = defineArea({
	tag: 'Workers',
	description:
		'The worker protocol between an API node and `meetingscribe worker` processes (scale-out on a BullMQ queue; docs/deployment.md). Reachable only with a worker key (`meetingscribe keys create --scope worker`), which reaches nothing else (403). Not for other clients.',
	operations: [
		{
			method: 'post',
			path: '/api/v1/workers/heartbeat',
			operationId: 'workerHeartbeat',
			summary: 'A worker is alive',
			description:
				'Sent every 2 s: what the worker runs and can run. Listed by GET /api/v1/system/status for a minute after the last one.',
			body: { description: 'The worker', schema: named('WorkerHeartbeat', workerHeartbeatSchema) },
			responses: {
				200: { description: 'Recorded', schema: named('SuccessEnvelope', successEnvelopeSchema) },
			},
			errors: ['VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN'],
		},
		{
			method: 'post',
			path: '/api/v1/workers/jobs/{job_id}/claim',
			operationId: 'workerClaimJob',
			summary: 'Claim a job taken from the queue',
			description:
				'Marks the job running on this worker and returns what to run: the model and the engine options, so the transcript equals a single-node run. A pending or running job can be claimed (running: the queue handed a stalled job on); a finished or cancelled one answers 409 and the worker drops it.',
			params: workerJobParamsSchema,
			body: { description: 'Who claims', schema: workerClaimRequestSchema },
			responses: {
				200: {
					description: 'The job to run',
					schema: named('WorkerClaim', workerClaimResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_ERROR', 'FORBIDDEN'],
		},
		{
			method: 'get',
			path: '/api/v1/workers/jobs/{job_id}/audio',
			operationId: 'workerJobAudio',
			summary: 'Download a claimed job’s audio',
			description: `The stored file as uploaded or recorded (workers share no disk with the API node). ${held}`,
			params: workerJobParamsSchema,
			query: workerClaimRequestSchema,
			responses: {
				200: { description: 'The audio file', contentType: 'application/octet-stream' },
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'],
		},
		{
			method: 'post',
			path: '/api/v1/workers/jobs/{job_id}/progress',
			operationId: 'workerJobProgress',
			summary: 'Report progress; hear about a cancel',
			description: `Stored and pushed to /transcription subscribers as \`transcription_update\`. \`cancel: true\` asks the worker to stop after the current window and report \`cancelled\`. ${held}`,
			params: workerJobParamsSchema,
			body: { description: 'Progress', schema: workerProgressRequestSchema },
			responses: {
				200: {
					description: 'Stored',
					schema: named('WorkerProgress', workerProgressResponseSchema),
				},
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'VALIDATION_ERROR', 'FORBIDDEN'],
		},
		{
			method: 'post',
			path: '/api/v1/workers/jobs/{job_id}/result',
			operationId: 'workerJobResult',
			summary: 'Report how a job ended',
			description: `completed (with the engine's result, stored as the transcript), failed, cancelled, or released (the worker is stopping and put the job back on the queue). Up to 64 MiB. ${held}`,
			params: workerJobParamsSchema,
			body: {
				description: 'The outcome',
				schema: named('WorkerResult', workerResultRequestSchema),
			},
			responses: {
				200: { description: 'Stored', schema: named('SuccessEnvelope', successEnvelopeSchema) },
			},
			errors: [
				'BAD_REQUEST',
				'NOT_FOUND',
				'CONFLICT',
				'VALIDATION_ERROR',
				'PAYLOAD_TOO_LARGE',
				'FORBIDDEN',
			],
		},
	],
});
