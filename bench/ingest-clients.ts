/**
 * Worker process of bench/ingest.ts: runs simulated capture clients against the server and
 * reports the ack latency of every chunk sent inside the measurement window.
 */
import type { Socket } from 'socket.io-client';
import { recordingClient } from '../test/helpers/capture';

export interface ClientsJob {
	url: string;
	/** Prefix making client and device ids unique across workers and levels. */
	prefix: string;
	clients: number;
	chunkMs: number;
	/** Chunks sent before the window, and in it. */
	warmupChunks: number;
	measuredChunks: number;
}

export interface ClientsResult {
	latenciesMs: number[];
	failures: number;
	setupMs: number;
}

const SAMPLE_RATE = 16000;
const CHANNELS = 2;
const ACK_TIMEOUT_MS = 5000;
/** Set-up of hundreds of clients at once can queue on a busy machine. */
const SETUP_TIMEOUT_MS = 30_000;

async function post(url: string, body: unknown, retry = true): Promise<Record<string, unknown>> {
	let res: Response;
	try {
		res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	} catch (err) {
		// undici says only "fetch failed"; the cause matters. ECONNRESET is, as far as seen, a
		// kept-alive connection the server closed just as it was reused (timers run late on a
		// loaded machine), so the request is sent once more; had the first one arrived, the
		// second fails visibly (409: the device is already recording).
		const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
		if (retry && cause?.code === 'ECONNRESET') return post(url, body, false);
		throw new Error(`${url}: ${String(err)}${cause ? ` (${cause.message})` : ''}`);
	}
	const json = (await res.json()) as Record<string, unknown>;
	if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
	return json;
}

async function openClient(
	job: ClientsJob,
	i: number,
): Promise<{ socket: Socket; sessionId: string }> {
	const socket = await recordingClient(job.url);
	const clientId = `${job.prefix}-${i}`;
	await socket.timeout(SETUP_TIMEOUT_MS).emitWithAck('capture:hello', {
		client_id: clientId,
		devices: [
			{
				id: 'mic',
				name: 'Bench microphone',
				kind: 'microphone',
				max_input_channels: 1,
				max_output_channels: 0,
				sample_rate: 48000,
				is_default: true,
				is_loopback: false,
				is_available: true,
			},
		],
	});
	const started = await post(job.url + '/api/v1/audio/record', {
		device_id: 'mic',
		client_id: clientId,
		channels: CHANNELS,
	});
	const sessionId = (started.session as { session_id: string }).session_id;
	await socket.timeout(SETUP_TIMEOUT_MS).emitWithAck('capture:join', { session_id: sessionId });
	return { socket, sessionId };
}

/** A quiet stereo tone: the same bytes every time, as the server only stores them. */
function chunkPcm(frames: number): Buffer {
	const pcm = Buffer.alloc(frames * CHANNELS * 2);
	for (let i = 0; i < frames; i++) {
		const v = Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE));
		pcm.writeInt16LE(v, i * 4);
		pcm.writeInt16LE(-v, i * 4 + 2);
	}
	return pcm;
}

/**
 * Opens the clients, then waits for `go` to give the wall-clock time (Date.now()) at which the
 * first chunks are due, so that several worker processes stream in step.
 */
export async function runClients(
	job: ClientsJob,
	go: () => Promise<number>,
): Promise<ClientsResult> {
	const t0 = performance.now();
	const opened = await Promise.all(
		Array.from({ length: job.clients }, (_, i) => openClient(job, i)),
	);
	const setupMs = performance.now() - t0;
	const frames = (SAMPLE_RATE * job.chunkMs) / 1000;
	const pcm = chunkPcm(frames);
	const total = job.warmupChunks + job.measuredChunks;
	const latenciesMs: number[] = [];
	let failures = 0;
	const start = performance.now() + ((await go()) - Date.now());

	await Promise.all(
		opened.map(async ({ socket, sessionId }, c) => {
			// Clients start at spread phases, as real ones would.
			const phase = (c / job.clients) * job.chunkMs;
			const pending: Promise<void>[] = [];
			for (let k = 0; k < total; k++) {
				const due = start + phase + k * job.chunkMs;
				const wait = due - performance.now();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				const sent = performance.now();
				pending.push(
					socket
						.timeout(ACK_TIMEOUT_MS)
						.emitWithAck('capture:chunk', {
							session_id: sessionId,
							seq: k,
							sample_index: k * frames,
							channels: CHANNELS,
							pcm,
						})
						.then(
							(ack: { ok: boolean }) => {
								if (!ack.ok) failures++;
								else if (k >= job.warmupChunks) latenciesMs.push(performance.now() - sent);
							},
							() => {
								failures++;
							},
						),
				);
			}
			await Promise.all(pending);
		}),
	);

	await Promise.all(
		opened.map(async ({ socket, sessionId }) => {
			await post(job.url + '/api/v1/audio/stop', { session_id: sessionId, save_file: false });
			socket.close();
		}),
	);
	return { latenciesMs, failures, setupMs };
}

export type WorkerMessage =
	{ type: 'ready' } | { type: 'result'; result: ClientsResult } | { type: 'error'; error: string };
export type ParentMessage = { type: 'job'; job: ClientsJob } | { type: 'go'; at: number };

// As a child process: take a job, say when the clients are open, stream on `go`, report.
if (process.send) {
	const tell = (m: WorkerMessage, then: () => void = () => undefined) =>
		process.send!(m, undefined, {}, then);
	const go = () =>
		new Promise<number>((resolve) => {
			tell({ type: 'ready' });
			process.on('message', (m: ParentMessage) => m.type === 'go' && resolve(m.at));
		});
	process.once('message', (m: ParentMessage) => {
		if (m.type !== 'job') return;
		runClients(m.job, go).then(
			(result) => tell({ type: 'result', result }, () => process.exit(0)),
			(err: unknown) => tell({ type: 'error', error: String(err) }, () => process.exit(1)),
		);
	});
}
