import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { tempDir } from './server';

export interface RunningRedis {
	url: string;
	port: number;
	/** Stops it (its data is not saved: a restart starts empty, like a lost Redis). */
	stop(): Promise<void>;
	/** Starts it again on the same port. */
	restart(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (d) => {
			socket.destroy();
			resolve(d.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Debian's redis-server on a free port with a temporary folder and no persistence; never a
 * system Redis.
 */
export async function startRedis(): Promise<RunningRedis> {
	const port = await freePort();
	let proc: ChildProcess | undefined;
	const launch = async () => {
		proc = spawn(
			'redis-server',
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				tempDir('meetingscribe-redis-'),
			],
			{ stdio: 'ignore' },
		);
		const until = Date.now() + 10_000;
		while (!(await ping(port))) {
			if (Date.now() > until) throw new Error(`redis-server did not start on port ${port}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	};
	const stop = async () => {
		const p = proc;
		if (!p || p.exitCode !== null || p.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			p.once('exit', () => resolve());
			p.kill('SIGTERM');
		});
	};
	await launch();
	return { url: `redis://127.0.0.1:${port}`, port, stop, restart: launch };
}
