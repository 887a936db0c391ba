import type { RequestHandler } from './$types';
import { NotFoundError } from '$lib/server/infra/errors';

/**
 * Exists only when MEETINGSCRIBE_TEST_FAULTS is on (the test suite): an unexpected failure
 * whose message holds internals, to prove none of it reaches the client.
 */
export const GET: RequestHandler = ({ locals, url }) => {
	if (!locals.ctx.config.MEETINGSCRIBE_TEST_FAULTS)
		throw new NotFoundError('API route', url.pathname);
	throw new Error(`simulated failure reading ${locals.ctx.dataDir.databaseFile}`);
};
