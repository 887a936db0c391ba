import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The generated random-weight Whisper the tests run the real pipeline on. */
export const TEST_MODELS_DIR = path.join(ROOT, 'test', 'fixtures', 'models');
export const TEST_MODEL = 'whisper-test';

export interface RunningServer {
	url: string;
	dataDir: string;
	proc: ChildProcess;
	/** Everything the process printed so far (stdout + stderr). */
	output(): string;
	/** Sends a signal and resolves with the exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(prefix = 'meetingscribe-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the real production server (built app + custom entry) on an ephemeral port with a
 * fresh DATA_DIR, and waits for it to print its URL.
 */
export async function startServer(
	env: Record<string, string> = {},
	/** Extra node options, e.g. `--cpu-prof` (which NODE_OPTIONS does not take). */
	nodeArgs: string[] = [],
): Promise<RunningServer> {
	const dataDir = env.DATA_DIR ?? tempDir();
	const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			LOG_LEVEL: 'info',
			MODELS_DIR: TEST_MODELS_DIR,
			WHISPER_MODEL: TEST_MODEL,
			...env,
			DATA_DIR: dataDir,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
	const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
		const onData = () => {
			const m = /is running at (http:\/\/\S+)/.exec(out);
			if (m?.[1]) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		};
		proc.stdout?.on('data', onData);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${out}`));
		});
	});

	return {
		url,
		dataDir,
		proc,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
			return exited;
		},
	};
}

/** Runs the server entry expecting it to exit (e.g. bad configuration). */
export function runServerToExit(
	env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
			cwd: ROOT,
			env: { ...process.env, PORT: '0', DATA_DIR: tempDir(), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
		proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
		proc.on('exit', (code) => resolve({ code, output }));
	});
}
