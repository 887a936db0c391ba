import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout. Secrets never reach a log line: see `redact`. */
export function createLogger(level: string): Logger {
	return pino({
		level,
		base: { app: 'meetingscribe' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: {
			paths: ['headers.authorization', 'headers.cookie', 'headers["x-api-key"]', '*.api_key'],
			censor: '[redacted]',
		},
	});
}
