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

/** One segment as the engine writes it, for the examples. */
const SEGMENT = {
	id: 0,
	start: 0.3,
	end: 2.1,
	text: 'Hello everyone.',
	confidence: 0.92,
	avgLogprob: -0.21,
	channel: null,
	speaker: null,
};
const RESULT = {
	text: 'Hello everyone.',
	language: 'en',
	languageDetected: true,
	task: 'transcribe',
	segments: [SEGMENT],
	duration: 3,
	speechDuration: 1.8,
	processingTime: 0.4,
	model: 'whisper-test',
	device: 'cpu',
	dtype: { encoder_model: 'q8', decoder_model_merged: 'q8' },
};

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
			examples: [
				{
					summary: 'A worker running nothing yet',
					body: {
						worker_id: 'contract-worker',
						host: 'gpu-box-1',
						device: 'cpu',
						models: ['whisper-test'],
						concurrency: 1,
						current_jobs: [],
					},
					status: 200,
				},
				{
					summary: 'A worker id with spaces',
					body: {
						worker_id: 'not valid',
						host: 'gpu-box-1',
						device: 'cpu',
						models: [],
						concurrency: 1,
						current_jobs: [],
					},
					status: 422,
				},
			],
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
			examples: [
				{
					summary: 'Claim a pending job',
					params: { job_id: '{job_id}' },
					body: { worker_id: 'contract-worker' },
					status: 200,
				},
				{
					summary: 'A job that does not exist',
					params: { job_id: 'no-such-job' },
					body: { worker_id: 'contract-worker' },
					status: 404,
				},
			],
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
			examples: [
				{
					summary: 'The claimed job’s audio',
					params: { job_id: '{job_id}' },
					query: { worker_id: 'contract-worker' },
					status: 200,
				},
				{
					summary: 'Another worker asks for it',
					params: { job_id: '{job_id}' },
					query: { worker_id: 'other-worker' },
					status: 409,
				},
			],
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
			examples: [
				{
					summary: 'Half done, with the first segment',
					params: { job_id: '{job_id}' },
					body: {
						worker_id: 'contract-worker',
						done_seconds: 1.5,
						total_seconds: 3,
						segments: [SEGMENT],
					},
					status: 200,
				},
				{
					summary: 'Another worker reports on it',
					params: { job_id: '{job_id}' },
					body: { worker_id: 'other-worker', done_seconds: 1.5, total_seconds: 3 },
					status: 409,
				},
			],
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
			examples: [
				{
					summary: 'Completed, with the engine’s result',
					params: { job_id: '{job_id}' },
					body: { worker_id: 'contract-worker', outcome: 'completed', result: RESULT },
					status: 200,
				},
				{
					summary: 'Reported again after the end',
					params: { job_id: '{job_id}' },
					body: { worker_id: 'contract-worker', outcome: 'failed', message: 'late' },
					status: 409,
				},
			],
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
