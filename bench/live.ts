/**
 * `npm run bench:live`: live transcription latency at real-time pace.
 *
 * For each model (random-weight Whisper of tiny and base dimensions, q8; generated into
 * bench/.models when missing), a real server is started and one 2-channel session is fed over
 * Socket.IO (the capture protocol) at real-time pace: each 250 ms chunk is sent when its audio
 * would have been captured. The meeting alternates the speech fixture between the microphone
 * and the tab with pauses. Reported:
 *   - final latency: from the end of each utterance (its audio time, on the wall clock) to its
 *     final `live_segment` arriving at a subscribed client, p50 / p95 / max;
 *   - ack latency of the capture chunks while transcription runs, p50 / p99 / max;
 *   - the load average, since the machine may be shared.
 * The random models end every transcript after about 37 tokens (scripts/whisper-gen steering),
 * so each utterance costs the same decoding work.
 *
 * Each model runs once per encoder context (BENCH_CONTEXTS, `audio,full`: LIVE_ENCODER_CONTEXT,
 * the encoder on the utterance against the whole 30 s window), one after the other in this
 * process run, so the two rows compare.
 *
 * Options (env): BENCH_MODELS=tiny,base BENCH_UTTERANCES=10 BENCH_GAP_S=1.5 BENCH_CONTEXTS=audio,full
 * BENCH_WITH_JOB=<minutes> uploads that much speech as a file transcription job first, so the
 * live session runs while the job does (live work must not wait for it); 45 outlasts the session.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { startRecordingResponseSchema } from '../src/lib/contracts/audio';
import type { LiveSegment } from '../src/lib/contracts/live';
import { call, device, next, recordingClient } from '../test/helpers/capture';
import { interleave, liveClient, meeting } from '../test/helpers/live';
import { ROOT, startServer } from '../test/helpers/server';
import { writePcmWav } from '../test/helpers/media';
import { chunk } from '../test/helpers/wav';
import { speechLike } from './asr/audio';
import { BENCH_MODELS_DIR, ensureModel, type BenchPreset } from './asr/models';

const MODELS = (process.env.BENCH_MODELS ?? 'tiny,base').split(',');
const UTTERANCES = Number(process.env.BENCH_UTTERANCES ?? 10);
const GAP_S = Number(process.env.BENCH_GAP_S ?? 1.5);
const CHUNK_FRAMES = 4000;
const JOB_MINUTES = Number(process.env.BENCH_WITH_JOB ?? 0);
const CONTEXTS = (process.env.BENCH_CONTEXTS ?? 'audio,full').split(',');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(xs: number[], p: number): number {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Sends `pcm` chunk by chunk, each when its last sample would have been captured. */
async function feed(rec: Socket, sessionId: string, pcm: Buffer, t0: number, acks: number[]) {
	const pending: Promise<void>[] = [];
	for (const c of chunk(pcm, 2, CHUNK_FRAMES)) {
		const due = t0 + ((c.sample_index + c.pcm.length / 4) / 16000) * 1000;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		const sent = performance.now();
		pending.push(
			(
				rec
					.timeout(10_000)
					.emitWithAck('capture:chunk', { session_id: sessionId, channels: 2, ...c }) as Promise<{
					ok: boolean;
				}>
			).then((a) => {
				if (!a.ok) throw new Error('chunk refused');
				acks.push(performance.now() - sent);
			}),
		);
	}
	await Promise.all(pending);
}

async function session(url: string, clientId: string, turns: { channel: number; at: number }[]) {
	const m = meeting(turns, 2);
	const rec = await recordingClient(url);
	await rec.emitWithAck('capture:hello', { client_id: clientId, devices: [device('bench-mic')] });
	const started = await call(url + '/api/v1/audio/record', 'POST', {
		channels: 2,
		client_id: clientId,
	});
	const { session_id } = startRecordingResponseSchema.parse(started.body).session;
	const live = await liveClient(url, session_id);
	const arrivals = new Map<string, number>();
	live.socket.on('live_segment', (s: LiveSegment) => {
		if (s.final) arrivals.set(s.segment_id, performance.now());
	});
	await rec.emitWithAck('capture:join', { session_id });
	const acks: number[] = [];
	const t0 = performance.now();
	await feed(rec, session_id, interleave(m.tracks), t0, acks);
	const done = next(
		live.socket,
		'live_status',
		(s: { state: string }) => s.state === 'done',
		120_000,
	);
	await call(url + '/api/v1/audio/stop', 'POST', { session_id });
	await done;
	rec.close();
	live.socket.close();
	return { speech: m.speech, finals: live.finals(), arrivals, acks, t0, seconds: m.seconds };
}

/** Starts a file job over JOB_MINUTES of speech and waits until it runs; returns its id. */
async function startJob(url: string): Promise<string> {
	const file = path.join(os.tmpdir(), `bench-live-job-${process.pid}.wav`);
	writePcmWav(file, [speechLike(JOB_MINUTES * 60)]);
	const fd = new FormData();
	fd.set('file', new Blob([fs.readFileSync(file)]), 'long-meeting.wav');
	fs.rmSync(file);
	const res = await fetch(`${url}/api/v1/transcription/start`, { method: 'POST', body: fd });
	const { job } = (await res.json()) as { job: { job_id: string } };
	for (;;) {
		if ((await jobStatus(url, job.job_id)) === 'running') return job.job_id;
		await sleep(100);
	}
}

async function jobStatus(url: string, id: string): Promise<string> {
	const res = await fetch(`${url}/api/v1/transcription/status/${id}`);
	return ((await res.json()) as { status: string }).status;
}

/** Latency of each utterance: its first final's arrival minus the wall time its speech ended. */
function latencies(r: Awaited<ReturnType<typeof session>>) {
	const out: number[] = [];
	let missing = 0;
	for (const turn of r.speech) {
		const finals = r.finals.filter(
			(f) => f.channel === turn.channel && f.end > turn.start && f.start < turn.end,
		);
		if (!finals.length) {
			missing++;
			continue;
		}
		const arrived = Math.max(...finals.map((f) => r.arrivals.get(f.segment_id)!));
		out.push(arrived - (r.t0 + turn.end * 1000));
	}
	return { ms: out, missing };
}

const results: Record<string, unknown>[] = [];
for (const [preset, context] of MODELS.flatMap((m) => CONTEXTS.map((c) => [m, c] as const))) {
	const model = ensureModel(preset as BenchPreset, ['q8']).id;
	const server = await startServer({
		MODELS_DIR: BENCH_MODELS_DIR,
		WHISPER_MODEL: model,
		WHISPER_DTYPE: 'q8',
		LOG_LEVEL: 'warn',
		LIVE_ENCODER_CONTEXT: context,
	});
	try {
		// Loads the model and warms the VAD; not measured.
		await session(server.url, 'warm', [{ channel: 0, at: 0.5 }]);
		const turns = Array.from({ length: UTTERANCES }, (_, i) => ({
			channel: i % 2,
			at: 0.5 + i * (2.4 + GAP_S),
		}));
		const load = os.loadavg();
		const job = JOB_MINUTES > 0 ? await startJob(server.url) : undefined;
		const r = await session(server.url, 'bench', turns);
		const jobAfter = job ? await jobStatus(server.url, job) : undefined;
		const { ms, missing } = latencies(r);
		const row = {
			model: `${model} q8`,
			encoder_context: context,
			...(job ? { file_job: `${JOB_MINUTES} min, ${jobAfter} when the session ended` } : {}),
			utterances: UTTERANCES,
			finals_missing: missing,
			final_p50_s: +(percentile(ms, 50) / 1000).toFixed(2),
			final_p95_s: +(percentile(ms, 95) / 1000).toFixed(2),
			final_max_s: +(Math.max(...ms) / 1000).toFixed(2),
			ack_p50_ms: +percentile(r.acks, 50).toFixed(1),
			ack_p99_ms: +percentile(r.acks, 99).toFixed(1),
			ack_max_ms: +Math.max(...r.acks).toFixed(1),
			audio_s: +r.seconds.toFixed(1),
			loadavg_1m_before: +load[0]!.toFixed(2),
			loadavg_1m_after: +os.loadavg()[0]!.toFixed(2),
		};
		results.push(row);
		console.log(JSON.stringify(row));
	} finally {
		await server.stop();
	}
}
console.table(results);
console.log(
	`targets (base q8): final p50 ≤ 1.5 s, p95 ≤ 3 s, ack p99 < 100 ms; ${os.cpus().length} CPUs`,
);
const dir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(
	path.join(dir, `live-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
	JSON.stringify({ cpus: os.cpus().length, results }, null, 2),
);
