import { expect } from 'vitest';
import { errorEnvelopeSchema } from '../../src/lib/contracts/errors';

export interface ErrorBody {
	message: string;
	error_details?: Record<string, unknown>;
}

/** Asserts an error response: its status, a JSON body in the contract's envelope, its code. */
export async function expectEnvelope(
	res: Response,
	status: number,
	code: string,
): Promise<ErrorBody> {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/application\/json/);
	const body = (await res.json()) as Record<string, unknown>;
	expect(errorEnvelopeSchema.parse(body).error_code).toBe(code);
	return body as unknown as ErrorBody;
}

/** The field paths of a VALIDATION_ERROR. */
export const fieldPaths = (body: ErrorBody) =>
	((body.error_details?.fields ?? []) as { path: string }[]).map((f) => f.path);
