import type { RequestHandler } from './$types';
import { ok, readBinary, readQuery } from '$lib/server/infra/http/respond';
import { chunkQuerySchema } from '$lib/contracts/audio';
import { MAX_CHUNK_BYTES } from '$lib/contracts/capture';
import { principalIdentity } from '$lib/server/auth';
import { RateLimitedError } from '$lib/server/infra/errors';

/** Feeds a session over HTTP: the socket path's guarantees, for tools that only speak HTTP. */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	// The body first: a refusal that leaves it unread would cost the client its connection.
	const pcm = await readBinary(request, 'application/octet-stream', MAX_CHUNK_BYTES);
	const { sample_index } = readQuery(url, chunkQuerySchema);
	const owner = principalIdentity(locals.auth);
	const { chunkLimiter } = locals.ctx.security;
	const gate = chunkLimiter.take(owner ?? 'anonymous');
	if (!gate.allowed) {
		throw new RateLimitedError(
			`More than ${chunkLimiter.perMinute} chunks a minute: send it again later`,
			gate.retryAfterSeconds,
		);
	}
	const ack = locals.ctx.recording.ingestPcm(params.id, sample_index, pcm, owner);
	return ok(`Holding ${ack.samples_written} frames from the start`, ack);
};
