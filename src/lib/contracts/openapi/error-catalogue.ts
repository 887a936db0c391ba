import { ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from '../errors';

/** When each code is used, with an example envelope. Typed so that no code can be missing. */
export const ERROR_CATALOGUE: Record<
	ErrorCode,
	{ description: string; example: Omit<ErrorEnvelope, 'success' | 'error_code' | 'timestamp'> }
> = {
	VALIDATION_ERROR: {
		description: 'The body, query or path failed validation; every bad field is listed.',
		example: {
			message: 'Request body is invalid',
			error_details: {
				fields: [
					{
						path: 'audio_sample_rate',
						message: 'Too small: expected number to be >=8000',
						code: 'too_small',
					},
				],
			},
		},
	},
	BAD_REQUEST: {
		description: 'The request cannot be understood as sent (e.g. an id in the wrong form).',
		example: {
			message: 'Invalid key id: use the id the API returned',
			error_details: { 'key id': '../../etc/passwd' },
		},
	},
	UNAUTHORIZED: {
		description:
			'API keys are required and the request carried none, a wrong or revoked one, or an expired session.',
		example: { message: 'Invalid or revoked API key' },
	},
	FORBIDDEN: {
		description:
			'Refused whoever you are: a cross-origin request from an origin not in CORS_ORIGINS, a session cookie used cross-origin, or a non-localhost Host while keys are off.',
		example: { message: 'Origin https://elsewhere.example is not allowed (see CORS_ORIGINS)' },
	},
	NOT_FOUND: {
		description: 'No such resource, or no such route.',
		example: {
			message: "API key '5b0c5c0e-0000-4000-8000-000000000000' not found",
			error_details: { resource: 'API key', id: '5b0c5c0e-0000-4000-8000-000000000000' },
		},
	},
	METHOD_NOT_ALLOWED: {
		description:
			'The path exists but does not serve this method; error_details.allow lists those it does.',
		example: {
			message: 'DELETE is not allowed on /api/health',
			error_details: { allow: 'GET, HEAD, OPTIONS' },
		},
	},
	CONFLICT: {
		description: 'The request conflicts with the current state.',
		example: {
			message:
				'This is the last active API key and this server requires one: create another key first',
		},
	},
	RECORDING_IN_PROGRESS: {
		description: 'The action needs the recording session to have ended first.',
		example: { message: 'Session 3f2a… is still recording' },
	},
	SESSION_NOT_ACTIVE: {
		description: 'The recording session is not active (already stopped, cancelled or failed).',
		example: { message: 'Session 3f2a… is not active (status: completed)' },
	},
	JOB_NOT_COMPLETED: {
		description: 'The transcription job has no result yet.',
		example: { message: 'Job 9c1e… is running (42%)', error_details: { status: 'running' } },
	},
	PAYLOAD_TOO_LARGE: {
		description: 'The body is larger than allowed (1 MB for JSON; MAX_UPLOAD_MB for uploads).',
		example: {
			message: 'Request body exceeds 1048576 bytes',
			error_details: { limit_bytes: 1048576 },
		},
	},
	RANGE_NOT_SATISFIABLE: {
		description: 'A Range header outside the file; Content-Range gives its size.',
		example: {
			message: "The range 'bytes=5000-6000' is outside the file (4096 bytes)",
			error_details: { size_bytes: 4096 },
		},
	},
	UNSUPPORTED_MEDIA: {
		description: "Unknown or corrupt audio; ffmpeg's reason is in the details.",
		example: {
			message: 'The file is not audio this server can decode',
			error_details: { reason: 'Invalid data found when processing input' },
		},
	},
	REQUEST_TIMEOUT: {
		description:
			'The request body stopped arriving: nothing for UPLOAD_IDLE_TIMEOUT_S seconds (default 30). Whatever had arrived is discarded.',
		example: {
			message: 'The request body stalled: nothing arrived for 30 s',
			error_details: { idle_timeout_seconds: 30 },
		},
	},
	INSUFFICIENT_STORAGE: {
		description:
			'The server ran out of disk space while storing this request. Nothing of it was kept (no partial file), and nothing stored before was lost; free space and send it again.',
		example: {
			message: 'The server is out of disk space: nothing was stored',
			error_details: { reason: 'ENOSPC' },
		},
	},
	UNSUPPORTED_MEDIA_TYPE: {
		description: 'The body has a content type this route does not take; the details name it.',
		example: {
			message: 'This route takes application/octet-stream',
			error_details: { content_type: 'text/plain', expected: 'application/octet-stream' },
		},
	},
	RATE_LIMITED: {
		description:
			'Too many requests (RATE_LIMIT_PER_MIN per key or address) or failed authentications (AUTH_RATE_LIMIT_PER_MIN per address). Retry-After says when to try again.',
		example: {
			message: 'More than 600 requests a minute',
			error_details: { retry_after_seconds: 1 },
		},
	},
	MODEL_UNAVAILABLE: {
		description:
			'The model is not on this server; the details say where to put it and how to fetch it.',
		example: {
			message:
				"Model 'small' is not available. Put it in ./models or run: meetingscribe models pull small",
			error_details: {
				model: 'small',
				folder: './models',
				pull_command: 'meetingscribe models pull small',
			},
		},
	},
	AUDIO_RECORDER_ERROR: {
		description: 'The recording could not be started or continued.',
		example: { message: 'The capture client for this session is not connected' },
	},
	TRANSCRIPTION_ERROR: {
		description: 'The transcription engine failed on this input.',
		example: { message: 'Transcription failed: the audio could not be decoded' },
	},
	INTERNAL_ERROR: {
		description:
			'An unexpected failure. Nothing internal is returned; the request id finds the full error in the logs.',
		example: {
			message: 'An unexpected error occurred. It has been logged.',
			error_details: { request_id: 'c7d1c0de-0000-4000-8000-000000000000' },
		},
	},
};

export const EXAMPLE_TIMESTAMP = '2025-01-01T12:00:00.000Z';

export function exampleEnvelope(code: ErrorCode): ErrorEnvelope {
	return {
		success: false,
		error_code: code,
		...ERROR_CATALOGUE[code].example,
		timestamp: EXAMPLE_TIMESTAMP,
	};
}

export const statusOf = (code: ErrorCode): number => ERROR_STATUS[code];
