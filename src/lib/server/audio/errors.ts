/** Input that is empty, corrupt or carries no decodable audio. Safe to show to the uploader. */
export class UnsupportedMediaError extends Error {
	readonly code = 'UNSUPPORTED_MEDIA';
	/** Why, in ffmpeg's words where ffmpeg was the judge (its last meaningful stderr line). */
	readonly reason: string;
	constructor(reason: string, options?: { cause?: unknown }) {
		super(`Unsupported or corrupt media: ${reason}`, options);
		this.name = 'UnsupportedMediaError';
		this.reason = reason;
	}
}

/** ffmpeg could not be started: a server set-up problem, not the uploader's fault. */
export class FfmpegUnavailableError extends Error {
	readonly code = 'FFMPEG_UNAVAILABLE';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'FfmpegUnavailableError';
	}
}
