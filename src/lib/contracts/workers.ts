import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';

/**
 * The worker protocol: what `meetingscribe worker` and the API node say to each other over HTTP
 * (routes under /api/v1/workers, reachable only with a worker-scope key). The engine's own
 * result travels as the engine writes it (camelCase), so a worker's transcript is stored exactly
 * as a local run would store it.
 */

export const workerIdSchema = z
	.string()
	.regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - (at most 100)')
	.describe('Chosen by the worker at start: host name and process id');

export const workerHeartbeatSchema = z
	.object({
		worker_id: workerIdSchema,
		host: z.string().max(200),
		device: z.string().max(50).describe('Execution provider in use (cpu, cuda…) or auto'),
		models: z.array(z.string().max(200)).max(200).describe('Models installed on the worker'),
		concurrency: z.number().int().min(1).max(64),
		current_jobs: z.array(z.string().max(100)).max(64),
	})
	.strict();
export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;

export const workerStatusSchema = workerHeartbeatSchema.extend({
	last_seen: timestampSchema,
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

export const workerJobParamsSchema = z.object({ job_id: z.string().describe('The job id') });

export const workerClaimRequestSchema = z.object({ worker_id: workerIdSchema }).strict();

export const workerJobSpecSchema = z.object({
	job_id: z.string(),
	priority: z.number().int(),
	model: z.string(),
	audio: z.object({
		filename: z.string(),
		size_bytes: z.number().int().nonnegative(),
		duration_seconds: z.number().nonnegative(),
	}),
	/** Label speakers by channel for multi-channel audio (the request, else the setting). */
	detect_speakers: z.boolean(),
	/** Where the audio came from: recordings are mic | tab, other files numbered channels. */
	source: z.string(),
	/** The microphone's speaker in recordings (`local_speaker_name`). */
	local_speaker_name: z.string(),
	/**
	 * Voice diarization's speaker count (the request's, else the settings'); absent from API
	 * nodes older than it: found automatically.
	 */
	speaker_count: z
		.object({
			numSpeakers: z.number().int().positive().optional(),
			minSpeakers: z.number().int().positive().optional(),
			maxSpeakers: z.number().int().positive().optional(),
		})
		.optional(),
	options: z.object({
		language: z.string().nullable(),
		task: z.enum(['transcribe', 'translate']).optional(),
		wordTimestamps: z.boolean().optional(),
		initialPrompt: z.string().optional(),
		temperature: z.number().optional(),
	}),
});
export type WorkerJobSpec = z.infer<typeof workerJobSpecSchema>;

export const workerClaimResponseSchema = successEnvelopeSchema.extend({ job: workerJobSpecSchema });

const wordSchema = z.object({
	word: z.string(),
	start: z.number(),
	end: z.number(),
	probability: z.number(),
});

export const engineSegmentSchema = z.object({
	id: z.number().int(),
	start: z.number(),
	end: z.number(),
	text: z.string(),
	confidence: z.number(),
	avgLogprob: z.number(),
	channel: z.number().int().nullable(),
	speaker: z.string().nullable(),
	/** Voice speakers' ids ("speaker-2", "ch1-2"); absent for channel speakers. */
	speakerId: z.string().nullable().optional(),
	words: z.array(wordSchema).optional(),
});

export const engineResultSchema = z.object({
	text: z.string(),
	language: z.string(),
	languageDetected: z.boolean(),
	task: z.enum(['transcribe', 'translate']),
	segments: z.array(engineSegmentSchema),
	duration: z.number(),
	speechDuration: z.number(),
	processingTime: z.number(),
	model: z.string(),
	device: z.enum(['cuda', 'webgpu', 'cpu']),
	dtype: z.record(z.string(), z.string()),
});

export const workerProgressRequestSchema = z
	.object({
		worker_id: workerIdSchema,
		done_seconds: z.number().nonnegative(),
		total_seconds: z.number().nonnegative(),
		segments: z.array(engineSegmentSchema).max(100_000).optional(),
	})
	.strict();

export const workerProgressResponseSchema = successEnvelopeSchema.extend({
	cancel: z.boolean().describe('The job was cancelled: stop after this window and report it'),
});

export const workerResultRequestSchema = z.discriminatedUnion('outcome', [
	z.object({
		worker_id: workerIdSchema,
		outcome: z.literal('completed'),
		result: engineResultSchema,
	}),
	z.object({
		worker_id: workerIdSchema,
		outcome: z.literal('failed'),
		message: z.string().max(2000),
	}),
	z.object({ worker_id: workerIdSchema, outcome: z.literal('cancelled') }),
	z
		.object({ worker_id: workerIdSchema, outcome: z.literal('released') })
		.describe('The worker is shutting down and put the job back on the queue'),
]);
export type WorkerResultRequest = z.infer<typeof workerResultRequestSchema>;

/** A result may hold a long meeting with word timestamps: more than the 1 MiB of other routes. */
export const WORKER_RESULT_LIMIT_BYTES = 64 * 1024 * 1024;
