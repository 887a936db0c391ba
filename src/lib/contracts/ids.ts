/**
 * The one rule for ids a client sends back (recordings, transcripts, jobs, sessions, request
 * ids): the server makes them (UUIDs), so anything else is refused before it reaches a query,
 * a path or a room name.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isSafeId = (value: unknown): value is string =>
	typeof value === 'string' && ID_PATTERN.test(value);
