import type { ZodError } from 'zod';
import { ERROR_STATUS, type ErrorEnvelope, type FieldError } from '../../../contracts/errors';
import { knownFailure } from '../errors';

export interface ErrorResult {
	status: number;
	body: ErrorEnvelope;
	/** True when the error was not a known domain error: log it with its stack. */
	unexpected: boolean;
}

const now = () => new Date().toISOString();

/** The success envelope's fields beside a resource's own (which win no field of the envelope). */
export function successEnvelope<T extends object>(
	message: string,
	data: T,
): T & { success: true; message: string; timestamp: string } {
	return { ...data, success: true, message, timestamp: now() };
}

/** Maps anything thrown by a handler to the contract's error envelope and status. */
export function toErrorResult(thrown: unknown, requestId: string): ErrorResult {
	const error = knownFailure(thrown);
	if (error) {
		return {
			status: ERROR_STATUS[error.code],
			unexpected: false,
			body: {
				success: false,
				error_code: error.code,
				message: error.message,
				...(error.details ? { error_details: error.details } : {}),
				timestamp: now(),
			},
		};
	}
	// Nothing from an unknown error reaches the client: it may hold paths, SQL or secrets.
	return {
		status: 500,
		unexpected: true,
		body: {
			success: false,
			error_code: 'INTERNAL_ERROR',
			message: 'An unexpected error occurred. It has been logged.',
			error_details: { request_id: requestId },
			timestamp: now(),
		},
	};
}

export function zodFieldErrors(error: ZodError): FieldError[] {
	return error.issues.map((i) => ({
		path: i.path.length ? i.path.map(String).join('.') : '(root)',
		message: i.message,
		code: i.code,
	}));
}
