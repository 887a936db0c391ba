import type { Server } from 'node:http';
import type { AppContext } from '../lib/server/app/context';
import type { Realtime } from '../lib/server/transport/realtime/types';

/**
 * SIGINT/SIGTERM: stop accepting connections, disconnect realtime clients, let in-flight
 * requests finish (bounded by SHUTDOWN_TIMEOUT_S), then flush recordings and close the database,
 * and exit 0. A second signal forces an immediate exit.
 */
export function installGracefulShutdown(
	server: Server,
	ctx: AppContext,
	realtime: Pick<Realtime, 'close'>,
): void {
	let stopping = false;
	const stop = async (signal: NodeJS.Signals) => {
		if (stopping) {
			ctx.logger.warn({ signal }, 'second signal: exiting now');
			process.exit(1);
		}
		stopping = true;
		ctx.logger.info({ signal }, 'shutting down');
		const limitMs = ctx.config.SHUTDOWN_TIMEOUT_S * 1000;
		const force = setTimeout(() => {
			ctx.logger.error('shutdown timed out; exiting');
			process.exit(1);
		}, limitMs);
		force.unref();

		const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
		realtime.close();
		server.closeIdleConnections();
		// Requests still running get half the budget, then their connections are cut.
		const grace = setTimeout(() => server.closeAllConnections(), limitMs / 2);
		await httpClosed;
		clearTimeout(grace);
		await ctx.dispose();
		ctx.logger.info('stopped cleanly');
		process.exit(0);
	};
	process.on('SIGINT', (s) => void stop(s));
	process.on('SIGTERM', (s) => void stop(s));
}
