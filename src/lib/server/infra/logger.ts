import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs, on stdout unless another destination is given (the CLI keeps stdout for
 * its output). Secrets never reach a log line: see `redact`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
	const options: pino.LoggerOptions = {
		level,
		base: { app: 'meetingscribe' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: {
			paths: ['headers.authorization', 'headers.cookie', 'headers["x-api-key"]', '*.api_key'],
			censor: '[redacted]',
		},
	};
	return destination ? pino(options, destination) : pino(options);
}
