/**
 * `npm run bench:ingest`: how many real-time capture streams one server process holds.
 *
 * For each level N, N simulated capture clients (socket.io-client, split over worker processes)
 * each start a 2-channel session and send 250 ms chunks at real-time pace. Reported per level:
 * ack latency p50/p99/max over the measurement window, server CPU and RSS (from /proc) per stream.
 * The run stops at the first level whose p99 reaches 100 ms (or with failed acks). The clients
 * share the machine with the server, so the numbers are on the pessimistic side.
 *
 * Options (env): BENCH_LEVELS=25,50,100 BENCH_SECONDS=10 BENCH_WORKERS=2; BENCH_LIVE=1 keeps
 * live transcription on (VAD and Whisper on every stream: that measures live transcription, not
 * capture); BENCH_CPU_PROF=<dir> writes the server's V8 CPU profile there (node --cpu-prof).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startServer, tempDir } from '../test/helpers/server';
import type { ClientsJob, ClientsResult, ParentMessage, WorkerMessage } from './ingest-clients';

const LEVELS = (process.env.BENCH_LEVELS ?? '25,50,100,200,300,400,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Client processes compete with the server for the CPUs: leave it at least one.
const WORKERS = Number(process.env.BENCH_WORKERS ?? Math.max(1, Math.min(4, os.cpus().length - 2)));
const CHUNK_MS = 250;
const WARMUP_S = 3;
const P99_LIMIT_MS = 100;
const LIVE = process.env.BENCH_LIVE === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF;

/**
 * All clients come from one address: the per-identity limits are raised here for the bench
 * (never in the code), to the most the settings allow: sessions per identity, and requests a
 * minute (every client's start and stop counts).
 */
const SERVER_ENV: Record<string, string> = {
	LOG_LEVEL: 'warn',
	MAX_SESSIONS_PER_IDENTITY: '1000',
	RATE_LIMIT_PER_MIN: '1000000',
	LIVE_TRANSCRIPTION: LIVE ? 'true' : 'false',
};

interface Level {
	streams: number;
	acks: number;
	failures: number;
	p50_ms: number;
	p99_ms: number;
	max_ms: number;
	server_cpu_percent: number;
	cpu_percent_per_stream: number;
	/** Server CPU time per chunk received (all of it: Socket.IO, the write, timers, GC). */
	cpu_ms_per_chunk: number;
	rss_mb: number;
	rss_mb_per_stream: number;
	setup_s: number;
	/** CPU used by the simulated clients' processes (they share the machine). */
	client_cpu_percent: number;
	/** Share of the window in which runnable tasks waited for a CPU (PSI), the whole machine's. */
	machine_cpu_pressure_percent: number;
	passed: boolean;
}

const CLK_TCK = 100;
const PAGE = 4096;

/** CPU seconds used so far and resident memory of a process, from /proc (Linux). */
function sample(pid: number): { cpuS: number; rssMb: number } {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const cpuS = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
	const rssMb = (Number(fields[21]) * PAGE) / (1024 * 1024);
	return { cpuS, rssMb };
}

/** PSI `some` total (µs runnable tasks waited for a CPU), when the kernel exposes it. */
function cpuPressureUs(): number {
	try {
		const line = fs.readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
		return Number(/total=(\d+)/.exec(line)?.[1] ?? NaN);
	} catch {
		return NaN;
	}
}

const percentile = (sorted: number[], p: number) =>
	sorted.length
		? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
		: NaN;

interface Worker {
	pid: number;
	ready: Promise<void>;
	result: Promise<ClientsResult>;
	go(at: number): void;
}

function startWorker(job: ClientsJob): Worker {
	const child = fork(path.join(import.meta.dirname, 'ingest-clients.ts'), {
		execArgv: ['--import', 'tsx'],
		stdio: 'inherit',
	});
	let ready!: () => void;
	let fail!: (err: Error) => void;
	const readyP = new Promise<void>((resolve, reject) => {
		ready = resolve;
		fail = reject;
	});
	const result = new Promise<ClientsResult>((resolve, reject) => {
		const failed = (err: Error) => {
			fail(err);
			reject(err);
		};
		child.on('message', (m: WorkerMessage) => {
			if (m.type === 'ready') ready();
			else if (m.type === 'result') resolve(m.result);
			else failed(new Error(m.error));
		});
		child.once('exit', (code) => code !== 0 && failed(new Error(`clients worker exited ${code}`)));
	});
	// Whoever awaits first sees the failure; the other promise must not count as unhandled.
	readyP.catch(() => undefined);
	result.catch(() => undefined);
	const send = (m: ParentMessage) => child.send(m);
	send({ type: 'job', job });
	return { pid: child.pid!, ready: readyP, result, go: (at) => send({ type: 'go', at }) };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function runLevel(
	url: string,
	pid: number,
	baselineRss: number,
	streams: number,
	tag: string,
): Promise<Level> {
	const count = Math.min(WORKERS, streams);
	const warmupChunks = (WARMUP_S * 1000) / CHUNK_MS;
	const measuredChunks = (SECONDS * 1000) / CHUNK_MS;
	const setupFrom = Date.now();
	const workers = Array.from({ length: count }, (_, w) =>
		startWorker({
			url,
			prefix: `${tag}-w${w}`,
			clients: Math.floor(streams / count) + (w < streams % count ? 1 : 0),
			chunkMs: CHUNK_MS,
			warmupChunks,
			measuredChunks,
		}),
	);
	await Promise.all(workers.map((w) => w.ready));
	const setupS = (Date.now() - setupFrom) / 1000;
	const at = Date.now() + 200;
	for (const w of workers) w.go(at);

	let rssPeak = 0;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, sample(pid).rssMb)), 250);
	// Server CPU over the measured chunks only, after the warm-up.
	await sleepUntil(at + warmupChunks * CHUNK_MS);
	const clientCpu = () => workers.reduce((n, w) => n + sample(w.pid).cpuS, 0);
	const from = { s: sample(pid), t: performance.now(), psi: cpuPressureUs(), c: clientCpu() };
	await sleepUntil(at + (warmupChunks + measuredChunks) * CHUNK_MS);
	const to = { s: sample(pid), t: performance.now(), psi: cpuPressureUs(), c: clientCpu() };
	const out = await Promise.all(workers.map((w) => w.result)).finally(() => clearInterval(sampler));

	const lat = out.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
	const failures = out.reduce((n, r) => n + r.failures, 0);
	const seconds = (to.t - from.t) / 1000;
	const cpu = ((to.s.cpuS - from.s.cpuS) / seconds) * 100;
	const p99 = percentile(lat, 99);
	return {
		streams,
		acks: lat.length,
		failures,
		p50_ms: round(percentile(lat, 50)),
		p99_ms: round(p99),
		max_ms: round(lat.at(-1) ?? NaN),
		server_cpu_percent: round(cpu),
		cpu_percent_per_stream: round(cpu / streams, 3),
		cpu_ms_per_chunk: round((cpu * 10) / (streams * (1000 / CHUNK_MS)), 3),
		rss_mb: round(rssPeak),
		rss_mb_per_stream: round((rssPeak - baselineRss) / streams, 3),
		setup_s: round(setupS),
		client_cpu_percent: round(((to.c - from.c) / seconds) * 100),
		machine_cpu_pressure_percent: round(((to.psi - from.psi) / 1e6 / seconds) * 100),
		passed: failures === 0 && p99 < P99_LIMIT_MS,
	};
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
	if (!fs.existsSync(path.join(ROOT, 'build', 'handler.js'))) {
		console.error('No build: run `npm run build` first.');
		process.exit(1);
	}
	const loadAtStart = os.loadavg().map((l) => round(l, 2));
	const dataDir = tempDir('meetingscribe-bench-');
	const server = await startServer(
		{ ...SERVER_ENV, DATA_DIR: dataDir },
		CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [],
	);
	const pid = server.proc.pid!;
	const baselineRss = sample(pid).rssMb;
	const levels: Level[] = [];
	let failedLevel: { streams: number; error: string } | undefined;
	try {
		for (const [i, streams] of LEVELS.entries()) {
			process.stdout.write(`${streams} streams… `);
			let level: Level;
			try {
				level = await runLevel(server.url, pid, baselineRss, streams, `l${i}`);
			} catch (err) {
				// E.g. the clients could not even be set up in time: this level is not held.
				failedLevel = { streams, error: String(err) };
				console.log(`failed: ${failedLevel.error}`);
				break;
			}
			levels.push(level);
			console.log(
				`p50 ${level.p50_ms} ms, p99 ${level.p99_ms} ms, CPU ${level.server_cpu_percent}% ` +
					`(${level.cpu_ms_per_chunk} ms/chunk), RSS ${level.rss_mb_per_stream} MB/stream`,
			);
			if (!level.passed) break;
		}
	} finally {
		await server.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}

	const held = levels.filter((l) => l.passed).at(-1)?.streams ?? 0;
	const machine = {
		cpus: os.cpus().length,
		cpu_model: os.cpus()[0]?.model ?? 'unknown',
		memory_gb: round(os.totalmem() / 1024 ** 3),
		node: process.version,
		load_average_at_start: loadAtStart,
		load_average_at_end: os.loadavg().map((l) => round(l, 2)),
		server_idle_rss_mb: round(baselineRss),
	};
	const report = {
		benchmark: 'ingest',
		date: new Date().toISOString(),
		machine,
		settings: {
			chunk_ms: CHUNK_MS,
			channels: 2,
			sample_rate: 16000,
			seconds: SECONDS,
			warmup_s: WARMUP_S,
			client_workers: WORKERS,
			live_transcription: LIVE,
			p99_limit_ms: P99_LIMIT_MS,
		},
		max_streams_held: held,
		levels,
		...(failedLevel ? { failed_level: failedLevel } : {}),
	};
	const header =
		'| streams | acks | failed | p50 ms | p99 ms | max ms | server CPU % | CPU ms/chunk | RSS MB | RSS MB/stream | clients CPU % | machine CPU pressure % | p99 < 100 ms |\n' +
		'|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|\n';
	const rows = levels
		.map(
			(l) =>
				`| ${l.streams} | ${l.acks} | ${l.failures} | ${l.p50_ms} | ${l.p99_ms} | ${l.max_ms} | ${l.server_cpu_percent} | ${l.cpu_ms_per_chunk} | ${l.rss_mb} | ${l.rss_mb_per_stream} | ${l.client_cpu_percent} | ${l.machine_cpu_pressure_percent} | ${l.passed ? 'yes' : 'no'} |`,
		)
		.join('\n');
	const md =
		`# Ingest benchmark (${report.date})\n\n` +
		`${machine.cpus} CPUs (${machine.cpu_model}), ${machine.memory_gb} GB, Node ${machine.node}; ` +
		`load average ${loadAtStart.join(' ')} before, ${machine.load_average_at_end.join(' ')} after. ` +
		`Clients on the same machine in ${WORKERS} process(es); ${CHUNK_MS} ms chunks, 2 channels, ` +
		`16 kHz; live transcription ${LIVE ? 'on' : 'off'}; ${WARMUP_S} s warm-up, then ${SECONDS} s measured per level. RSS per stream is ` +
		`(peak RSS - idle RSS ${round(baselineRss)} MB) / streams. Machine CPU pressure is the ` +
		`share of the window in which runnable tasks waited for a CPU (Linux PSI): well above 0, ` +
		`other work on the machine is in the latencies.\n\n` +
		header +
		rows +
		(failedLevel ? `\n| ${failedLevel.streams} | set-up failed: ${failedLevel.error} |` : '') +
		`\n\nLargest number of streams held with p99 ack < ${P99_LIMIT_MS} ms: **${held}**\n`;
	const dir = path.join(ROOT, 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const stamp = report.date.replace(/[:.]/g, '-');
	fs.writeFileSync(path.join(dir, `ingest-${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
	fs.writeFileSync(path.join(dir, `ingest-${stamp}.md`), md);
	console.log('\n' + md);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
