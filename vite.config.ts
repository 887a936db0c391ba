import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { getAppContext } from './src/lib/server/app/context';
import { createSocketServer } from './src/lib/server/transport/realtime/socket-server';
import { prepareAuthentication, signInLink } from './src/lib/server/auth/startup';

/** `npm run dev`: the same context and Socket.IO server as production, on Vite's HTTP server. */
function meetingscribeDev(): Plugin {
	return {
		name: 'meetingscribe-dev-server',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			const ctx = getAppContext();
			prepareAuthentication(ctx);
			createSocketServer(server.httpServer as import('node:http').Server, ctx);
			server.httpServer.once('listening', () => {
				const address = server.httpServer?.address();
				const port = typeof address === 'object' && address ? address.port : '';
				const link = signInLink(ctx, `http://localhost:${port}`);
				if (link) server.config.logger.info(link);
			});
			ctx.startBackgroundWork();
			server.httpServer.on('close', () => void ctx.dispose());
		},
	};
}

export default defineConfig({
	plugins: [sveltekit(), meetingscribeDev()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['test/unit/**/*.test.ts'],
					environment: 'node',
				},
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['test/integration/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				extends: true,
				test: {
					// Every route's documented example requests, answers checked against the document.
					name: 'contract',
					include: ['test/contract/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['test/integration/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 60_000,
				},
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['test/integration/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 60_000,
				},
			},
		],
	},
});
