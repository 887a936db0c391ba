/**
 * Production entry: one HTTP server on one port for the SvelteKit app (adapter-node handler),
 * the REST API and Socket.IO. Run with `npm start` (which builds first when needed).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, parseEnv, type AppConfig } from '../lib/server/infra/config/env';
import { createAppContext, setAppContext } from '../lib/server/app/context';
import { createSocketServer } from '../lib/server/transport/realtime/socket-server';
import { SECURITY_HEADERS } from '../lib/server/infra/http/security-headers';
import { prepareAuthentication, signInLink, StartupRefusedError } from '../lib/server/auth';
import { installGracefulShutdown } from './shutdown';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PROTOCOL_MARK = 'x-meetingscribe-protocol';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function loadConfig(): AppConfig {
	try {
		return parseEnv();
	} catch (e) {
		if (e instanceof ConfigError) {
			console.error(e.message);
			process.exit(1);
		}
		throw e;
	}
}

async function main(): Promise<void> {
	const config = loadConfig();
	const handlerFile = path.join(ROOT, 'build', 'handler.js');
	if (!fs.existsSync(handlerFile)) {
		console.error('No production build found. Run `npm run build` first (`npm start` does this).');
		process.exit(1);
	}

	const ctx = createAppContext(config);
	setAppContext(ctx);
	try {
		prepareAuthentication(ctx);
	} catch (e) {
		if (!(e instanceof StartupRefusedError)) throw e;
		console.error(e.message);
		await ctx.dispose();
		process.exit(1);
	}

	// adapter-node would answer oversized bodies itself, outside our error envelope; our routes
	// enforce their own limits (1 MB JSON, MAX_UPLOAD_MB uploads) with 413 envelopes instead.
	process.env.BODY_SIZE_LIMIT = 'Infinity';
	// adapter-node takes every request for https unless told otherwise. This server speaks
	// plain HTTP, so it says so (cookies then get Secure only behind a TLS proxy that sets
	// PROTOCOL_HEADER=x-forwarded-proto, or with an https ORIGIN).
	const markHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
	if (markHttp) process.env.PROTOCOL_HEADER = PROTOCOL_MARK;
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

	// No limit on a whole request (Node's default 300 s would cut a long upload with a bare 408):
	// bodies fail instead when they stall (UPLOAD_IDLE_TIMEOUT_S), with the error envelope.
	const server = http.createServer({ requestTimeout: 0 }, (req, res) => {
		// Static files are served by the handler before SvelteKit's hooks run: set the
		// security headers here so they are on every response.
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
		// Set here, so a client cannot claim https by sending the header itself.
		if (markHttp) req.headers[PROTOCOL_MARK] = 'http';
		handler(req, res);
	});
	const realtime = createSocketServer(server, ctx);
	installGracefulShutdown(server, ctx, realtime);
	ctx.startBackgroundWork();

	server.on('error', (err: NodeJS.ErrnoException) => {
		const hint = err.code === 'EADDRINUSE' ? ` (port ${config.PORT} is in use: set PORT)` : '';
		ctx.logger.fatal({ err }, `cannot listen on ${config.HOST}:${config.PORT}${hint}`);
		void ctx.dispose().then(() => process.exit(1));
	});
	// A `meetingscribe models pull` beside the server shows in open tabs like the server's own.
	ctx.models.downloads.watchOtherProcesses();
	server.listen(config.PORT, config.HOST, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.PORT;
		const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
		const url = `http://${host}:${port}`;
		ctx.logger.info({ url, data_dir: config.DATA_DIR, version: ctx.version }, 'listening');
		// A plain line for people (and scripts) reading the terminal, apart from the JSON logs.
		process.stdout.write(`MeetingScribe ${ctx.version} is running at ${url}\n`);
		for (const line of ctx.models.startupLines(url)) process.stdout.write(`${line}\n`);
		const link = signInLink(ctx, url);
		if (link) process.stdout.write(`${link}\n`);
	});
}

main().catch((err: unknown) => {
	console.error('MeetingScribe failed to start:', err instanceof Error ? err.message : err);
	process.exit(1);
});
