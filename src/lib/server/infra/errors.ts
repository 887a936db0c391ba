import type { ErrorCode, FieldError } from '../../contracts/errors';

/**
 * Domain errors. Services throw these; one boundary (http/respond.ts) maps them to the error
 * envelope. They are recognised by shape (`isDomainError`), not `instanceof`, because the
 * production entry and the SvelteKit bundle each hold a copy of this module.
 */
export class DomainError extends Error {
	readonly isDomainError = true;
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details?: Record<string, unknown>,
	) {
		super(message);
		this.name = new.target.name;
	}
}

export class NotFoundError extends DomainError {
	constructor(what: string, id?: string) {
		super('NOT_FOUND', id === undefined ? `${what} not found` : `${what} '${id}' not found`, {
			resource: what,
			...(id === undefined ? {} : { id }),
		});
	}
}

export class ValidationError extends DomainError {
	constructor(message: string, fields: FieldError[]) {
		super('VALIDATION_ERROR', message, { fields });
	}
}

export class BadRequestError extends DomainError {
	constructor(message: string, details?: Record<string, unknown>) {
		super('BAD_REQUEST', message, details);
	}
}

export class ConflictError extends DomainError {
	constructor(
		message: string,
		code:
			| 'CONFLICT'
			| 'RECORDING_IN_PROGRESS'
			| 'SESSION_NOT_ACTIVE'
			| 'JOB_NOT_COMPLETED' = 'CONFLICT',
		details?: Record<string, unknown>,
	) {
		super(code, message, details);
	}
}

export class UnauthorizedError extends DomainError {
	constructor(message: string) {
		super('UNAUTHORIZED', message);
	}
}

export class RateLimitedError extends DomainError {
	constructor(message: string, retryAfterSeconds: number) {
		super('RATE_LIMITED', message, { retry_after_seconds: retryAfterSeconds });
	}
}

export class ForbiddenError extends DomainError {
	constructor(message: string) {
		super('FORBIDDEN', message);
	}
}

export class PayloadTooLargeError extends DomainError {
	constructor(limitBytes: number) {
		super('PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${limitBytes} bytes`, {
			limit_bytes: limitBytes,
		});
	}
}

/** A request body that stopped arriving (UPLOAD_IDLE_TIMEOUT_S without a byte). */
export class RequestTimeoutError extends DomainError {
	constructor(idleSeconds: number) {
		super('REQUEST_TIMEOUT', `The request body stalled: nothing arrived for ${idleSeconds} s`, {
			idle_timeout_seconds: idleSeconds,
		});
	}
}

/** A body in a content type the route does not read (JSON routes take application/json). */
export class UnsupportedMediaTypeError extends DomainError {
	constructor(contentType: string, expected = 'application/json') {
		super(
			'UNSUPPORTED_MEDIA_TYPE',
			`This route takes ${expected}, not ${contentType || 'an untyped body'}`,
			{ content_type: contentType || null, expected },
		);
	}
}

/** Input that is empty, corrupt or carries no decodable audio. Safe to show to the uploader. */
export class UnsupportedMediaError extends DomainError {
	/** Why, in ffmpeg's words where ffmpeg was the judge (its last meaningful stderr line). */
	readonly reason: string;
	constructor(reason: string, options?: { cause?: unknown }) {
		super('UNSUPPORTED_MEDIA', `Unsupported or corrupt media: ${reason}`, { reason });
		this.reason = reason;
		if (options?.cause !== undefined) this.cause = options.cause;
	}
}

/** Where the browser's model manager is: every "model missing" message names it. */
export const MODEL_MANAGER_PATH = '/settings/models';

export interface ModelUnavailableDetails {
	/** The folder to fill by hand (always possible, also offline). */
	folder: string;
	/** A command that downloads it here; absent when downloads are off or impossible. */
	pull_command?: string;
	reason?: string;
	/** The web app's model manager; absent when it cannot download this model. */
	model_manager?: string;
}

export class ModelUnavailableError extends DomainError {
	constructor(model: string, details: ModelUnavailableDetails) {
		const ways = [
			details.model_manager &&
				`download it in the model manager (Settings → Models, ${details.model_manager})`,
			details.pull_command && `run: ${details.pull_command}`,
			`put its files in ${details.folder}`,
		].filter(Boolean);
		const how = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}` : ways[0];
		super(
			'MODEL_UNAVAILABLE',
			`Model '${model}' is not available${details.reason ? ` (${details.reason})` : ''}: ${how}.`,
			{ model, ...details },
		);
	}
}

export function isDomainError(e: unknown): e is DomainError {
	return (
		typeof e === 'object' &&
		e !== null &&
		(e as { isDomainError?: unknown }).isDomainError === true &&
		typeof (e as { code?: unknown }).code === 'string'
	);
}

/** The disk is full: the request stored nothing (partial files are removed by the writer). */
export class InsufficientStorageError extends DomainError {
	constructor(reason: string) {
		super('INSUFFICIENT_STORAGE', 'The server is out of disk space: nothing was stored', {
			reason,
		});
	}
}

/** ENOSPC/EDQUOT from the file system, SQLITE_FULL from the database. */
export function isStorageFull(e: unknown): boolean {
	const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
	return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/**
 * The domain error an unexpected failure stands for, when it is one a client should hear about
 * (a full disk), else undefined: such errors become an envelope, not a 500.
 */
export function knownFailure(e: unknown): DomainError | undefined {
	if (isDomainError(e)) return e;
	if (isStorageFull(e)) return new InsufficientStorageError(String((e as { code: string }).code));
	return undefined;
}
