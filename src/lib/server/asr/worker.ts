/**
 * The ASR worker thread: owns onnxruntime sessions and runs VAD, features and decoding, so the
 * server's event loop stays free while a transcription runs.
 */
import { parentPort } from 'node:worker_threads';
import { probeDevices } from './device-probe';
import { EngineError } from './errors';
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
let current: { key: string; model: WhisperModel; device: ExecutionProvider } | undefined;
const cancelled = new Set<number>();

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

async function loadModel(
	id: number,
	spec: ModelSpec,
): Promise<{ model: WhisperModel; device: ExecutionProvider }> {
	const wanted = device?.inUse ?? 'cpu';
	const key = `${spec.source}|${JSON.stringify(spec.dtype)}|${wanted}`;
	if (current?.key === key) return current;
	await current?.model.dispose();
	current = undefined;
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
	current = { key: `${spec.source}|${JSON.stringify(spec.dtype)}|${used}`, model, device: used };
	send({
		type: 'loaded',
		id,
		model: spec.name,
		device: used,
		ms: Math.round(performance.now() - started),
		fastFeatures: model.fastFeatures,
	});
	return current;
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
			try {
				const loaded = await loadModel(msg.id, msg.model);
				const options = { batchWindows: settings.batchWindows, ...msg.options };
				const output = await transcribeChannels(loaded.model, msg.channels, options, {
					isCancelled: () => cancelled.has(msg.id),
					onProgress: (progress) => send({ type: 'progress', id: msg.id, progress }),
				});
				send({
					type: 'result',
					id: msg.id,
					output,
					device: loaded.device,
					processingTime: (performance.now() - started) / 1000,
				});
			} finally {
				cancelled.delete(msg.id);
			}
			return;
		}
		case 'dispose':
			await current?.model.dispose();
			current = undefined;
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
