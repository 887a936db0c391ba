import type { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../../contracts/errors';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { successEnvelope, toErrorResult, zodFieldErrors } from './envelope';
import { readWithin } from './idle';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
	});
}

/**
 * A success envelope: `{success: true, message, timestamp, ...data}`. Every non-list success of
 * the API is built here, so the envelope fields cannot be forgotten; the resource's own fields
 * stay at the top level beside them.
 */
export function ok(
	message: string,
	data: object = {},
	status = 200,
	headers: Record<string, string> = {},
): Response {
	return json(successEnvelope(message, data), status, headers);
}

export function errorResponse(code: ErrorCode, message: string, details?: Record<string, unknown>) {
	return json(
		{
			success: false,
			error_code: code,
			message,
			...(details ? { error_details: details } : {}),
			timestamp: new Date().toISOString(),
		},
		ERROR_STATUS[code],
	);
}

/** Maps a thrown value to its envelope; unexpected ones are logged with the request id. */
export function handleThrown(
	request: { path: string; requestId: string; logger: Logger },
	error: unknown,
): Response {
	const { requestId, logger } = request;
	const result = toErrorResult(error, requestId);
	if (result.unexpected) {
		logger.error({ err: error, request_id: requestId }, 'unhandled error in API route');
	}
	const retryAfter = result.body.error_details?.retry_after_seconds;
	const headers: Record<string, string> =
		result.status === 429 && typeof retryAfter === 'number'
			? { 'retry-after': String(retryAfter) }
			: {};
	// OpenAI SDKs read `error.message`; the OpenAI-compatible routes carry both shapes.
	const body = request.path.startsWith('/v1/')
		? {
				...result.body,
				error: {
					message: result.body.message,
					type: result.status >= 500 ? 'server_error' : 'invalid_request_error',
					param: null,
					code: result.body.error_code.toLowerCase(),
				},
			}
		: result.body;
	return json(body, result.status, headers);
}

/** Validates data against a schema; failures become 422 VALIDATION_ERROR with field paths. */
export function validate<S extends z.ZodType>(
	schema: S,
	data: unknown,
	what = 'Request',
): z.output<S> {
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		throw new ValidationError(`${what} is invalid`, zodFieldErrors(parsed.error));
	}
	return parsed.data;
}

/** Reads and validates a JSON body. Malformed JSON is a 422 too, at path `(body)`. */
/** `application/json` and `application/*+json` (e.g. merge-patch). */
const isJsonType = (type: string) =>
	type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);

export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S,
	limitBytes = 1024 * 1024,
): Promise<z.output<S>> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
	const text = (await readLimited(request, limitBytes)).toString('utf8');
	// A JSON route reads JSON only: a text/plain or form body is refused, not parsed by luck.
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (text.trim() !== '' && !isJsonType(type)) throw new UnsupportedMediaTypeError(type);
	let data: unknown;
	try {
		data = text.trim() === '' ? {} : JSON.parse(text);
	} catch (e) {
		throw new ValidationError('Request body is not valid JSON', [
			{ path: '(body)', message: (e as Error).message, code: 'invalid_json' },
		]);
	}
	return validate(schema, data, 'Request body');
}

/** Past the limit, this much more is read and dropped so the client can read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * A binary body of one content type (415 UNSUPPORTED_MEDIA_TYPE for any other), at most
 * `limitBytes` (413 past it).
 */
export async function readBinary(
	request: Request,
	contentType: string,
	limitBytes: number,
): Promise<Uint8Array> {
	const sent = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (sent !== contentType) {
		// Read and dropped, so the connection stays usable (an unread body gets it reset).
		await readLimited(request, limitBytes).catch(() => undefined);
		throw new UnsupportedMediaTypeError(sent, contentType);
	}
	// Read (and past the limit, drained) rather than refused on Content-Length alone, so that a
	// client still sending can read the 413.
	return new Uint8Array(await readLimited(request, limitBytes));
}

/** The body's bytes, refusing (without buffering the rest) once it grows past the limit. */
async function readLimited(request: Request, limitBytes: number): Promise<Buffer> {
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		// On a stall the read is abandoned, not cancelled: cancelling would close the connection
		// before the 408 is sent.
		const { done, value } = await readWithin(
			() => reader.read(),
			() => undefined,
		);
		if (done) break;
		total += value.byteLength;
		if (total > limitBytes + DRAIN_BYTES) {
			// Cancelling closes the connection: only for clients that keep sending regardless.
			await reader.cancel();
			break;
		}
		if (total <= limitBytes) chunks.push(value);
	}
	if (total > limitBytes) throw new PayloadTooLargeError(limitBytes);
	return Buffer.concat(chunks);
}

/** Validates the query string (each key's last value) against a schema. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
	return validate(schema, Object.fromEntries(url.searchParams), 'Query');
}
