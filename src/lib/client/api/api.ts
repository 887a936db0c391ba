import { errorEnvelopeSchema, fieldErrorSchema, type FieldError } from '$lib/contracts/errors';

/** A failed API call: the envelope's code and message, or status 0 when nothing answered. */
export class ApiError extends Error {
	override name = 'ApiError';
	constructor(
		message: string,
		readonly status: number,
		readonly code: string,
		readonly fields: FieldError[] = [],
	) {
		super(message);
	}
}

/** Calls the JSON API; resolves with the parsed body, throws ApiError with the envelope's details. */
export async function api<T>(
	path: string,
	init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
	let res: Response;
	try {
		res = await fetch(path, {
			method: init.method ?? 'GET',
			headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			signal: init.signal,
		});
	} catch (e) {
		if (init.signal?.aborted) throw e;
		throw new ApiError('The server cannot be reached. Check your connection.', 0, 'NETWORK');
	}
	const text = await res.text();
	let data: unknown = null;
	try {
		data = text ? JSON.parse(text) : null;
	} catch {
		// Not JSON (a proxy's error page, say): reported below by status.
	}
	if (res.ok) return data as T;
	const envelope = errorEnvelopeSchema.safeParse(data);
	if (!envelope.success)
		throw new ApiError(`The server answered ${res.status} ${res.statusText}.`, res.status, 'HTTP');
	const fields = fieldErrorSchema.array().safeParse(envelope.data.error_details?.fields);
	throw new ApiError(
		envelope.data.message,
		res.status,
		envelope.data.error_code,
		fields.success ? fields.data : [],
	);
}
