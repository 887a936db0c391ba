import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringOption, type Command } from '../command';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const serve: Command = {
	name: 'serve',
	summary: 'Run the web app, the API and realtime: the same server as `npm start`',
	details: [
		'Builds the app first when the build is missing or older than the sources. Stops',
		'cleanly on Ctrl-C or SIGTERM. HOST and PORT in the environment work too.',
	].join('\n'),
	options: {
		host: {
			type: 'string',
			value: 'HOST',
			description: 'Interface to listen on (default 127.0.0.1; others require API keys)',
		},
		port: { type: 'string', value: 'PORT', description: 'Port (default 3000; 0 picks a free one)' },
		'no-build': {
			type: 'boolean',
			description: 'Serve the existing build as it is, even if the sources are newer',
		},
	},
	async run({ values, config }) {
		const host = stringOption(values, 'host');
		const port = stringOption(values, 'port');
		if (host !== undefined) process.env.HOST = host;
		if (port !== undefined) process.env.PORT = port;
		config(); // a bad --port or variable stops here, before any build
		if (values['no-build'] !== true) {
			const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.js')], {
				cwd: ROOT,
				stdio: 'inherit',
			});
			if (build.signal) process.kill(process.pid, build.signal);
			if (build.status !== 0) return 1;
		}
		// The server runs in this process, so Ctrl-C and SIGTERM reach its graceful shutdown
		// directly; it exits the process itself when it stops.
		await import('../../server/main');
	},
};
