import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
	DomainError,
	ModelUnavailableError,
	UnsupportedMediaError,
	ValidationError,
	MODEL_MANAGER_PATH,
} from '../infra/errors';
import type { Logger } from '../infra/logger';
import { chooseDtype, resolveModel, SUB_MODELS, type Dtype, type SubModel } from './registry';
import type {
	DevicePreference,
	DeviceReport,
	DtypeChoice,
	ExecutionProvider,
	Progress,
	TranscribeOptions,
	TranscriptionResult,
} from './types';
import type { EngineAudio, FromWorker, ModelSpec, ToWorker, WireError } from './worker-protocol';
import { toWorkerAudio, transferList, type WorkerAudio } from './worker-protocol';

export interface EngineOptions {
	modelsDir: string;
	/** transformers.js may fetch missing models itself: never in the server (jobs never download). */
	allowRemote: boolean;
	/** MODEL_DOWNLOADS, so that a missing model's error names only what works here. */
	downloads?: 'catalog' | 'any' | 'off';
	device: DevicePreference;
	/** Preferred dtype(s); the fastest present on CPU (q8) is used when absent or missing. */
	dtype?: DtypeChoice;
	/** Windows per greedy decoding batch (WHISPER_BATCH); a request may ask for fewer. */
	batchWindows?: number;
	logger: Logger;
	/** Worker entry; defaults to worker-boot.js beside this file (loads worker.ts via tsx). */
	workerFile?: string;
}

export interface TranscribeRequest extends TranscribeOptions {
	/** A model size, short name, local folder or Hub id. */
	model: string;
}

export interface RunControl {
	signal?: AbortSignal;
	onProgress?: (p: Progress) => void;
	/** Higher runs first among queued work (live sessions over file jobs). */
	priority?: number;
	/** Hand audio arrays to the worker instead of copying them (the caller's become unusable). */
	transfer?: boolean;
}

export type EngineEvent =
	| { type: 'model_loaded'; model: string; device: ExecutionProvider; ms: number }
	| { type: 'model_download'; model: string; file: string; progress: number }
	| { type: 'device_fallback'; from: ExecutionProvider; reason: string };

interface Pending {
	seq: number;
	priority: number;
	spec: ModelSpec;
	audio: WorkerAudio;
	options: TranscribeOptions;
	control: RunControl;
	resolve: (r: TranscriptionResult) => void;
	reject: (e: unknown) => void;
}

const defaultWorkerFile = () =>
	path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-boot.js');

/** The transcription engine: resolves models, queues work by priority, runs it in a worker. */
export class AsrEngine {
	readonly events = new EventEmitter<{ event: [EngineEvent] }>();
	private worker: Worker | undefined;
	private ready: Promise<DeviceReport> | undefined;
	private report: DeviceReport | undefined;
	private queue: Pending[] = [];
	/**
	 * In the worker now. Usually one; work of higher priority than all of these starts at once,
	 * and the worker pauses the rest until it is done (live work during a long file job).
	 */
	private running = new Map<number, Pending>();
	private nextId = 1;
	private fallback: string | undefined;
	private loadWaiters = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();

	constructor(private readonly opts: EngineOptions) {}

	/** Starts the worker and probes devices; later calls return the same report. */
	start(): Promise<DeviceReport> {
		this.ready ??= new Promise<DeviceReport>((resolve, reject) => {
			const file = this.opts.workerFile ?? defaultWorkerFile();
			if (!fs.existsSync(file)) throw new Error(`ASR worker not found at ${file}`);
			const worker = new Worker(file, {
				// Keep transformers.js from printing progress bars or warnings to our stdout.
				stdout: true,
				stderr: true,
			});
			worker.stdout.resume();
			worker.stderr.on('data', (d: Buffer) =>
				this.opts.logger.debug({ worker: d.toString().trim() }, 'asr worker'),
			);
			this.worker = worker;
			worker.on('message', (m: FromWorker) => {
				if (m.type === 'ready') {
					this.report = m.device;
					// The probe in one line, for those who ask (LOG_LEVEL=info, the CLI's --verbose).
					const failed = m.device.tried.filter((t) => !t.ok);
					this.opts.logger.info(
						{ device: m.device.inUse, requested: m.device.requested },
						`transcribing on ${m.device.inUse}${failed.length ? ` (unavailable: ${failed.map((t) => `${t.provider}: ${t.error}`).join('; ')})` : ''}`,
					);
					if (m.device.fallbackReason) this.noteFallback(m.device.inUse, m.device.fallbackReason);
					resolve(m.device);
				} else this.onMessage(m);
			});
			worker.on('error', (e) => {
				this.opts.logger.error({ err: e }, 'asr worker crashed');
				reject(e);
				this.failAll(e);
			});
			worker.on('exit', (code) => {
				this.worker = undefined;
				this.ready = undefined;
				if (code !== 0) this.failAll(new Error(`ASR worker exited with code ${code}`));
			});
			this.post({
				type: 'init',
				modelsDir: this.opts.modelsDir,
				allowRemote: this.opts.allowRemote,
				device: this.opts.device,
				...(this.opts.batchWindows ? { batchWindows: this.opts.batchWindows } : {}),
			});
		});
		return this.ready;
	}

	/** Switches execution provider: the worker restarts on next use and probes again. */
	async setDevice(device: DevicePreference): Promise<void> {
		this.opts.device = device;
		this.report = undefined;
		this.fallback = undefined;
		await this.dispose();
	}

	/** What was probed, what failed and why, and what is in use (for /system/info). */
	deviceReport(): (DeviceReport & { fallbackReason?: string }) | undefined {
		return (
			this.report && { ...this.report, ...(this.fallback ? { fallbackReason: this.fallback } : {}) }
		);
	}

	/** True while the worker runs something (the live scheduler skips partials then). */
	get busy(): boolean {
		return this.running.size > 0;
	}

	/** Folders of the models that running or queued work uses (those are not to be deleted). */
	modelsInUse(): Set<string> {
		return new Set([...this.running.values(), ...this.queue].map((p) => p.spec.source));
	}

	get queued(): number {
		return this.queue.length;
	}

	/** Resolves a model request to what the worker loads; throws MODEL_UNAVAILABLE early. */
	modelSpec(requested: string): ModelSpec {
		const resolved = resolveModel(requested, {
			modelsDir: this.opts.modelsDir,
			allowRemote: this.opts.allowRemote,
			downloads: this.opts.downloads,
		});
		if (resolved.kind === 'remote') {
			return { name: resolved.hubId, source: resolved.hubId, dtype: this.dtypeFor(undefined) };
		}
		return {
			name: resolved.model.id,
			source: resolved.model.dir,
			dtype: this.dtypeFor(resolved.model),
		};
	}

	private dtypeFor(model: Parameters<typeof chooseDtype>[0] | undefined): Record<SubModel, Dtype> {
		const pref = this.opts.dtype;
		const out = {} as Record<SubModel, Dtype>;
		for (const sub of SUB_MODELS) {
			const wanted = typeof pref === 'string' ? pref : pref?.[sub];
			out[sub] = model ? chooseDtype(model, wanted) : (wanted ?? 'q8');
		}
		return out;
	}

	/** Loads (or downloads, when allowed) a model ahead of use. */
	async preload(requested: string): Promise<void> {
		const spec = this.modelSpec(requested);
		await this.start();
		const id = this.nextId++;
		await new Promise<void>((resolve, reject) => {
			this.loadWaiters.set(id, { resolve, reject });
			this.post({ type: 'load', id, model: spec });
		});
	}

	/** Transcribes 16 kHz audio (EngineAudio: arrays, or a file read window by window). */
	async transcribe(
		audio: EngineAudio,
		request: TranscribeRequest,
		control: RunControl = {},
	): Promise<TranscriptionResult> {
		const { model, ...options } = request;
		const spec = this.modelSpec(model);
		const sent = toWorkerAudio(audio);
		control.signal?.throwIfAborted();
		await this.start();
		return new Promise<TranscriptionResult>((resolve, reject) => {
			const item: Pending = {
				seq: this.nextId++,
				priority: control.priority ?? 0,
				spec,
				audio: sent,
				options,
				control,
				resolve,
				reject,
			};
			control.signal?.addEventListener(
				'abort',
				() => {
					if (this.running.get(item.seq) === item) this.post({ type: 'cancel', id: item.seq });
					else if (this.queue.includes(item)) {
						this.queue = this.queue.filter((q) => q !== item);
						reject(new DomainError('CONFLICT', 'Transcription was cancelled', { cancelled: true }));
					}
				},
				{ once: true },
			);
			this.queue.push(item);
			this.queue.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
			this.pump();
		});
	}

	private pump(): void {
		const next = this.queue[0];
		if (!next) return;
		let top = -Infinity;
		for (const r of this.running.values()) top = Math.max(top, r.priority);
		if (this.running.size && next.priority <= top) return;
		this.queue.shift();
		this.running.set(next.seq, next);
		const { seq: id, spec: model, audio, options, priority } = next;
		const message: ToWorker = { type: 'transcribe', id, model, audio, options, priority };
		this.post(message, transferList(audio, next.control.transfer));
	}

	private onMessage(m: FromWorker): void {
		switch (m.type) {
			case 'progress':
				this.running.get(m.id)?.control.onProgress?.(m.progress);
				return;
			case 'result': {
				const job = this.finish(m.id);
				job?.resolve({
					...m.output,
					processingTime: Math.round(m.processingTime * 1000) / 1000,
					model: job.spec.name,
					device: m.device,
					dtype: job.spec.dtype,
				});
				return;
			}
			case 'error': {
				const error = toDomainError(m.error, this.opts.modelsDir);
				if (m.id !== null && this.loadWaiters.has(m.id)) {
					this.loadWaiters.get(m.id)!.reject(error);
					this.loadWaiters.delete(m.id);
					return;
				}
				const job = m.id === null ? undefined : this.finish(m.id);
				job?.reject(error);
				if (!job) this.opts.logger.error({ error: m.error }, 'asr worker error');
				return;
			}
			case 'loaded':
				if (m.decoder !== 'greedy') {
					this.opts.logger.info(
						{ model: m.model, reason: m.decoder },
						"decoding through transformers.js' generate()",
					);
				}
				this.events.emit('event', {
					type: 'model_loaded',
					// From the worker: a preload has no running job to name it.
					model: m.model,
					device: m.device,
					ms: m.ms,
				});
				this.loadWaiters.get(m.id)?.resolve();
				this.loadWaiters.delete(m.id);
				return;
			case 'download':
				this.events.emit('event', {
					type: 'model_download',
					model: m.model,
					file: m.file,
					progress: m.progress,
				});
				return;
			case 'device_fallback':
				this.noteFallback(m.from, m.reason);
				return;
			case 'short_encoder_unavailable':
				this.opts.logger.info(
					{ model: m.model, reason: m.reason },
					'the encoder reads whole 30 s windows, also for short live utterances',
				);
				return;
			default:
				return;
		}
	}

	private noteFallback(from: ExecutionProvider, reason: string): void {
		this.fallback = reason;
		this.opts.logger.warn({ from, reason }, 'GPU unavailable; transcribing on CPU');
		this.events.emit('event', { type: 'device_fallback', from, reason });
	}

	private finish(id: number): Pending | undefined {
		const job = this.running.get(id);
		if (!job) return undefined;
		this.running.delete(id);
		queueMicrotask(() => this.pump());
		return job;
	}

	private failAll(e: unknown): void {
		const error = new DomainError(
			'TRANSCRIPTION_ERROR',
			`The transcription worker stopped: ${(e as Error).message}`,
		);
		for (const r of this.running.values()) r.reject(error);
		this.running.clear();
		for (const q of this.queue) q.reject(error);
		this.queue = [];
	}

	private post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
		this.worker?.postMessage(m, transfer);
	}

	async dispose(): Promise<void> {
		const w = this.worker;
		if (!w) return;
		this.failAll(new Error('server shutting down'));
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => resolve(), 3000);
			w.once('message', () => {
				clearTimeout(timer);
				resolve();
			});
			this.post({ type: 'dispose' });
		});
		await w.terminate();
	}
}

/** A text detail of a worker's error (the worker puts only strings there). */
function detail(e: WireError, name: string): string | undefined {
	const value = e.details?.[name];
	return typeof value === 'string' ? value : undefined;
}

function toDomainError(e: WireError, modelsDir: string): DomainError {
	switch (e.code) {
		case 'CANCELLED':
			return new DomainError('CONFLICT', e.message, { cancelled: true });
		case 'MODEL_UNAVAILABLE':
			return new ModelUnavailableError(detail(e, 'model') ?? 'requested model', {
				folder: modelsDir,
				model_manager: MODEL_MANAGER_PATH,
				reason: e.message,
			});
		case 'UNSUPPORTED_MEDIA':
			return new UnsupportedMediaError(detail(e, 'reason') ?? e.message);
		case 'VALIDATION_ERROR':
			return new ValidationError(e.message, (e.details?.fields as never) ?? []);
		default:
			return new DomainError('TRANSCRIPTION_ERROR', e.message);
	}
}
