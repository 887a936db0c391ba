import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorEnvelopeSchema } from '../../../src/lib/contracts/errors';
import {
	ConflictError,
	DomainError,
	ModelUnavailableError,
	NotFoundError,
	UnsupportedMediaError,
} from '../../../src/lib/server/infra/errors';
import { toErrorResult, zodFieldErrors } from '../../../src/lib/server/infra/http/envelope';

describe('toErrorResult', () => {
	it('maps each domain error to its catalogue status and a valid envelope', () => {
		const cases: [DomainError, number, string][] = [
			[new NotFoundError('Recording', 'abc'), 404, 'NOT_FOUND'],
			[new ConflictError('busy', 'RECORDING_IN_PROGRESS'), 409, 'RECORDING_IN_PROGRESS'],
			[new UnsupportedMediaError('Invalid data found'), 415, 'UNSUPPORTED_MEDIA'],
			[
				new ModelUnavailableError('base', {
					folder: '/m/base',
					pull_command: 'meetingscribe models pull base',
				}),
				503,
				'MODEL_UNAVAILABLE',
			],
		];
		for (const [error, status, code] of cases) {
			const r = toErrorResult(error, 'req-1');
			expect(r.status).toBe(status);
			expect(r.unexpected).toBe(false);
			expect(errorEnvelopeSchema.parse(r.body).error_code).toBe(code);
		}
	});

	it('keeps details a client needs', () => {
		const r = toErrorResult(new UnsupportedMediaError('moov atom not found'), 'r');
		expect(r.body.error_details).toEqual({ reason: 'moov atom not found' });
	});

	it('hides everything about unexpected errors except the request id', () => {
		const e = new Error('SQLITE_CORRUPT at /var/secret/db');
		const r = toErrorResult(e, 'req-42');
		expect(r).toMatchObject({ status: 500, unexpected: true });
		expect(r.body.error_code).toBe('INTERNAL_ERROR');
		expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|secret|at /);
		expect(r.body.error_details).toEqual({ request_id: 'req-42' });
	});

	it('does not trust look-alikes with unknown codes', () => {
		const fake = { isDomainError: true, code: 42, message: 'x' };
		expect(toErrorResult(fake, 'r').status).toBe(500);
	});

	it('every catalogue code has an HTTP error status', () => {
		for (const status of Object.values(ERROR_STATUS)) expect(status).toBeGreaterThanOrEqual(400);
	});
});

describe('zodFieldErrors', () => {
	it('reports dotted paths for nested fields', () => {
		const schema = z.object({ a: z.object({ b: z.array(z.number()) }) });
		const result = schema.safeParse({ a: { b: [1, 'x'] } });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(zodFieldErrors(result.error)).toEqual([expect.objectContaining({ path: 'a.b.1' })]);
		}
	});
});
