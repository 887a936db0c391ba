/**
 * Errors that cross the worker boundary as plain objects ({code, message, details}) and become
 * domain errors on the main thread.
 */
export type EngineErrorCode =
	| 'CANCELLED'
	| 'MODEL_UNAVAILABLE'
	| 'UNSUPPORTED_MEDIA'
	| 'VALIDATION_ERROR'
	| 'TRANSCRIPTION_ERROR';

export class EngineError extends Error {
	constructor(
		readonly code: EngineErrorCode,
		message: string,
		readonly details?: Record<string, unknown>,
	) {
		super(message);
		this.name = 'EngineError';
	}
}

export class CancelledError extends EngineError {
	constructor() {
		super('CANCELLED', 'Transcription was cancelled');
	}
}
