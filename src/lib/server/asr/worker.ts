/**
 * The ASR worker thread: owns onnxruntime sessions and runs VAD, features and decoding, so the
 * server's event loop stays free while a transcription runs.
 */
import { parentPort } from 'node:worker_threads';
import { probeDevices } from './device-probe';
import { EngineError } from './errors';
import { arraySource, openPcmFile } from '../infra/media/audio-source';
import { transcribeChannels } from './transcribe';
import type { DeviceReport, ExecutionProvider } from './types';
import { WhisperModel } from './whisper-model';
import type { FromWorker, ModelSpec, ToWorker, WireError } from './worker-protocol';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;
const send = (m: FromWorker) => port.postMessage(m);

let settings: { modelsDir: string; allowRemote: boolean; batchWindows?: number } = {
	modelsDir: '',
	allowRemote: false,
};
let device: DeviceReport | undefined;
const cancelled = new Set<number>();

interface Loaded {
	model: WhisperModel;
	device: ExecutionProvider;
	/** Transcriptions using it now: never unloaded while in use. */
	users: number;
	lastUsed: number;
	/** Whether the engine was told this model encodes short audio as 30 s windows. */
	shortNoticed?: boolean;
}
/**
 * Loaded models by source, dtype and device. Two stay loaded, so live work on its own model
 * (LIVE_MODEL) can run between the windows of a file job without unloading the job's model.
 */
const models = new Map<string, Loaded>();
const MAX_MODELS = 2;

/**
 * Priorities of the transcriptions in progress. The engine hands the worker a transcription of
 * higher priority while one of lower priority runs (live work during a long file job); the
 * lower one pauses at its next window or decoder step until the higher one is done.
 */
const active = new Map<number, number>();
let resumers: (() => void)[] = [];

function outranked(priority: number): boolean {
	for (const p of active.values()) if (p > priority) return true;
	return false;
}

/** Undefined when work of this priority may go on, else a promise of when it may. */
function pauseFor(priority: number): Promise<void> | undefined {
	if (!outranked(priority)) return undefined;
	return (async () => {
		while (outranked(priority)) await new Promise<void>((r) => resumers.push(r));
	})();
}

function release(id: number): void {
	active.delete(id);
	const waiting = resumers;
	resumers = [];
	for (const r of waiting) r();
}

function toWire(e: unknown): WireError {
	if (e instanceof EngineError) return { code: e.code, message: e.message, details: e.details };
	const message = e instanceof Error ? e.message : String(e);
	// transformers.js reports missing files and disabled downloads with these phrases.
	if (
		/local_files_only|allowRemoteModels|Could not locate file|file was not found locally/i.test(
			message,
		)
	) {
		return { code: 'MODEL_UNAVAILABLE', message, details: { reason: message } };
	}
	return { code: 'TRANSCRIPTION_ERROR', message };
}

/** Loads in progress, so that two transcriptions asking for one model load it once. */
const loading = new Map<string, Promise<Loaded>>();

async function loadModel(id: number, spec: ModelSpec): Promise<Loaded> {
	const wanted = device?.inUse ?? 'cpu';
	// Keyed by the device asked for, so that a GPU that failed for this model is not retried.
	const key = `${spec.source}|${JSON.stringify(spec.dtype)}|${wanted}`;
	const cached = models.get(key);
	if (cached) {
		cached.lastUsed = performance.now();
		return cached;
	}
	let pending = loading.get(key);
	if (!pending) {
		pending = loadNew(id, spec, key, wanted).finally(() => loading.delete(key));
		loading.set(key, pending);
	}
	return pending;
}

async function loadNew(
	id: number,
	spec: ModelSpec,
	key: string,
	wanted: ExecutionProvider,
): Promise<Loaded> {
	const started = performance.now();
	const load = (d: ExecutionProvider) =>
		WhisperModel.load({
			source: spec.source,
			device: d,
			dtype: spec.dtype,
			modelsDir: settings.modelsDir,
			allowRemote: settings.allowRemote,
			onDownload: (p) => {
				if (p.status === 'progress') {
					send({
						type: 'download',
						id,
						model: spec.name,
						file: p.file,
						progress: p.progress,
						loaded: p.loaded,
						total: p.total,
					});
				}
			},
		});
	let model: WhisperModel;
	let used = wanted;
	try {
		model = await load(wanted);
	} catch (e) {
		if (wanted === 'cpu' || toWire(e).code === 'MODEL_UNAVAILABLE') throw e;
		// A GPU that fails must not take transcription down.
		const reason = `loading on ${wanted} failed: ${(e as Error).message.slice(0, 300)}`;
		send({ type: 'device_fallback', from: wanted, reason });
		used = 'cpu';
		model = await load('cpu');
	}
	const loaded: Loaded = { model, device: used, users: 0, lastUsed: performance.now() };
	models.set(key, loaded);
	await evict();
	send({
		type: 'loaded',
		id,
		model: spec.name,
		device: used,
		ms: Math.round(performance.now() - started),
		fastFeatures: model.fastFeatures,
		decoder: model.decoderFallback ?? 'greedy',
	});
	return loaded;
}

/** Unloads the least recently used idle models beyond MAX_MODELS. */
async function evict(): Promise<void> {
	while (models.size > MAX_MODELS) {
		const idle = [...models].filter(([, m]) => m.users === 0);
		if (!idle.length) return;
		const [key, oldest] = idle.reduce((a, b) => (b[1].lastUsed < a[1].lastUsed ? b : a));
		models.delete(key);
		await oldest.model.dispose();
	}
}

async function disposeAll(): Promise<void> {
	const all = [...models.values()];
	models.clear();
	for (const m of all) await m.model.dispose();
}

async function handle(msg: ToWorker): Promise<void> {
	switch (msg.type) {
		case 'init':
			settings = {
				modelsDir: msg.modelsDir,
				allowRemote: msg.allowRemote,
				...(msg.batchWindows ? { batchWindows: msg.batchWindows } : {}),
			};
			device = await probeDevices(msg.device);
			send({ type: 'ready', device });
			return;
		case 'load':
			await loadModel(msg.id, msg.model);
			return;
		case 'cancel':
			cancelled.add(msg.id);
			return;
		case 'transcribe': {
			const started = performance.now();
			active.set(msg.id, msg.priority);
			try {
				const loaded = await loadModel(msg.id, msg.model);
				const options = { batchWindows: settings.batchWindows, ...msg.options };
				const source =
					'file' in msg.audio ? openPcmFile(msg.audio.file) : arraySource(msg.audio.channels);
				loaded.users++;
				const output = await transcribeChannels(loaded.model, source, options, {
					isCancelled: () => cancelled.has(msg.id),
					onProgress: (progress) => send({ type: 'progress', id: msg.id, progress }),
					pause: () => pauseFor(msg.priority),
				}).finally(() => {
					source.close();
					loaded.users--;
					loaded.lastUsed = performance.now();
				});
				const why = loaded.model.shortInputFallback;
				if (options.encoderContext === 'audio' && why && !loaded.shortNoticed) {
					loaded.shortNoticed = true;
					send({ type: 'short_encoder_unavailable', model: msg.model.name, reason: why });
				}
				send({
					type: 'result',
					id: msg.id,
					output,
					device: loaded.device,
					processingTime: (performance.now() - started) / 1000,
				});
			} finally {
				cancelled.delete(msg.id);
				release(msg.id);
			}
			return;
		}
		case 'dispose':
			await disposeAll();
			send({ type: 'disposed' });
			return;
	}
}

port.on('message', (msg: ToWorker) => {
	handle(msg).catch((e: unknown) => {
		const id = 'id' in msg ? msg.id : null;
		send({ type: 'error', id, error: toWire(e) });
	});
});
