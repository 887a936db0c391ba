import { DomainError } from '../errors';

export { UnsupportedMediaError } from '../errors';

/** ffmpeg could not be started: a server set-up problem, not the uploader's fault. */
export class FfmpegUnavailableError extends DomainError {
	constructor(message: string, options?: { cause?: unknown }) {
		super('TRANSCRIPTION_ERROR', `Audio decoding is unavailable: ${message}. Set FFMPEG_PATH.`);
		if (options?.cause !== undefined) this.cause = options.cause;
	}
}
