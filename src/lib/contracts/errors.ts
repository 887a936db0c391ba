import { z } from 'zod';

/**
 * The error catalogue of the API contract (shared/docs/api-contract.md). Every error response
 * from every route carries one of these codes, with the HTTP status fixed here and nowhere else.
 */
export const ERROR_STATUS = {
	VALIDATION_ERROR: 422,
	BAD_REQUEST: 400,
	UNAUTHORIZED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	/** Not in the original catalogue: a known path with a method it does not serve. */
	METHOD_NOT_ALLOWED: 405,
	CONFLICT: 409,
	RECORDING_IN_PROGRESS: 409,
	SESSION_NOT_ACTIVE: 409,
	JOB_NOT_COMPLETED: 409,
	/** Not in the original catalogue: a request body that stopped arriving (UPLOAD_IDLE_TIMEOUT_S). */
	REQUEST_TIMEOUT: 408,
	PAYLOAD_TOO_LARGE: 413,
	/** Not in the original catalogue: a Range header outside the file (Content-Range says its size). */
	RANGE_NOT_SATISFIABLE: 416,
	UNSUPPORTED_MEDIA: 415,
	/** A route sent a body of a content type it does not take. */
	UNSUPPORTED_MEDIA_TYPE: 415,
	RATE_LIMITED: 429,
	MODEL_UNAVAILABLE: 503,
	AUDIO_RECORDER_ERROR: 400,
	TRANSCRIPTION_ERROR: 500,
	INTERNAL_ERROR: 500,
	/** The disk is full: nothing of this request was stored, nothing stored before was lost. */
	INSUFFICIENT_STORAGE: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const errorEnvelopeSchema = z.object({
	success: z.literal(false),
	error_code: errorCodeSchema,
	message: z.string(),
	error_details: z.record(z.string(), z.unknown()).optional(),
	timestamp: z.iso.datetime(),
});

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** One field problem, as listed in a VALIDATION_ERROR's `error_details.fields`. */
export const fieldErrorSchema = z.object({
	path: z.string(),
	message: z.string(),
	code: z.string(),
});

export type FieldError = z.infer<typeof fieldErrorSchema>;
