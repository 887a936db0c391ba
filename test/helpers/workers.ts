import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, TEST_MODELS_DIR, tempDir } from './server';

const BIN = path.join(ROOT, 'bin', 'meetingscribe.js');

export interface RunningWorker {
	id: string;
	proc: ChildProcess;
	output(): string;
	/** Resolves when the worker logged this text. */
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `meetingscribe keys create --scope worker` against an API node's DATA_DIR; the secret. */
export function createWorkerKey(dataDir: string): string {
	const r = spawnSync(
		process.execPath,
		[BIN, 'keys', 'create', '--scope', 'worker', '--name', 'test worker', '--json'],
		{
			cwd: ROOT,
			env: { ...process.env, DATA_DIR: dataDir },
			encoding: 'utf8',
		},
	);
	if (r.status !== 0) throw new Error(`keys create failed: ${r.stderr}`);
	return (JSON.parse(r.stdout) as { secret: string }).secret;
}

/** Starts `meetingscribe worker` and waits until it is ready. */
export async function startWorker(env: Record<string, string>): Promise<RunningWorker> {
	const id = env.WORKER_ID ?? `worker-${Math.random().toString(36).slice(2, 8)}`;
	const proc = spawn(process.execPath, [BIN, 'worker'], {
		cwd: ROOT,
		env: {
			...process.env,
			MODELS_DIR: TEST_MODELS_DIR,
			DATA_DIR: tempDir('meetingscribe-worker-'),
			LOG_LEVEL: 'info',
			WORKER_ID: id,
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
	const exited = new Promise<number | null>((resolve) =>
		proc.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
	);
	const waitFor = async (text: string | RegExp, timeoutMs = 30_000) => {
		const until = Date.now() + timeoutMs;
		const hit = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
		while (!hit()) {
			if (proc.exitCode !== null || proc.signalCode !== null)
				throw new Error(`worker ${id} exited:\n${out}`);
			if (Date.now() > until) throw new Error(`worker ${id} never logged ${String(text)}:\n${out}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	};
	await waitFor('worker ready');
	return {
		id,
		proc,
		output: () => out,
		waitFor,
		async stop(signal = 'SIGTERM') {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
			return exited;
		},
	};
}
