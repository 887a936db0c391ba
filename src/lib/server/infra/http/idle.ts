import { Transform } from 'node:stream';
import { RequestTimeoutError } from '../errors';

/**
 * How long a request body may go without a byte before the server gives up on it
 * (UPLOAD_IDLE_TIMEOUT_S, default 30 s). Read from the environment, which env.ts validates at
 * start-up: this module also runs inside the SvelteKit bundle, which has no handle on the
 * process's parsed configuration.
 */
export function bodyIdleTimeoutMs(): number {
	const seconds = Number(process.env.UPLOAD_IDLE_TIMEOUT_S ?? 30);
	return (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1000;
}

/**
 * Reads the next chunk, or fails with 408 REQUEST_TIMEOUT when none comes in time (a stalled
 * client holds a connection and, for uploads, a temporary file).
 */
export async function readWithin<T>(
	read: () => Promise<T>,
	onTimeout: () => void,
	ms = bodyIdleTimeoutMs(),
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			onTimeout();
			reject(new RequestTimeoutError(ms / 1000));
		}, ms);
	});
	try {
		return await Promise.race([read(), expired]);
	} finally {
		clearTimeout(timer);
	}
}

/** A pass-through stream that fails with 408 when no chunk passes for `ms`. */
export function idleWatchdog(ms = bodyIdleTimeoutMs()): Transform {
	let timer: NodeJS.Timeout | undefined;
	const stream: Transform = new Transform({
		transform(chunk, _encoding, done) {
			arm();
			done(null, chunk);
		},
		flush(done) {
			clearTimeout(timer);
			done();
		},
		destroy(error, done) {
			clearTimeout(timer);
			done(error);
		},
	});
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => stream.destroy(new RequestTimeoutError(ms / 1000)), ms);
	};
	arm();
	return stream;
}
