import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelDownload } from '../../contracts/models';
import { DomainError, NotFoundError } from '../infra/errors';
import type { Logger } from '../infra/logger';
import { fetchFile } from './fetch-file';
import { fileUrl, listRepoFiles } from './hub';
import { planFiles } from './file-plan';
import {
	discardStaging,
	installStaged,
	lockStaging,
	removeIfEmpty,
	stagingDir,
} from './install';
import { SpeedMeter } from './meter';
import { OtherProcessDownloads, publishProgress, unpublishProgress } from './shared-progress';

/** Progress events at most this often per download (the bar needs no more). */
const PROGRESS_EVERY_MS = 250;
/** Finished downloads kept for GET /models/downloads/{id}. */
const KEEP_FINISHED = 50;

export type DownloadEventType =
	| 'model_download_progress'
	| 'model_download_done'
	| 'model_download_failed';

export interface DownloadsDeps {
	modelsDir: string;
	endpoint: string;
	logger: Logger;
	emit(type: DownloadEventType, data: ModelDownload): void;
	/** Throws unless the staged folder is a loadable Whisper model. */
	check(stagedDir: string): void;
	/** Model downloads at once; the rest wait in line. */
	maxConcurrent?: number;
	/** Whether a repository is installed in MODELS_DIR (for other processes' downloads). */
	isInstalled(hubId: string): boolean;
}

export interface DownloadTarget {
	model: string;
	hubId: string;
	dtype: string;
	/** Exactly these files (a diarization model), instead of a Whisper model's for the dtype. */
	files?: readonly string[];
}

interface Job {
	view: ModelDownload;
	files?: readonly string[];
	controller: AbortController;
	meter: SpeedMeter;
	lastEmit: number;
	done: Promise<ModelDownload>;
}

const ACTIVE = new Set(['queued', 'running']);

/**
 * Model downloads in this process: one per repository at a time, a bounded number at once,
 * each staged in MODELS_DIR/.downloads and installed by rename when complete and checked.
 */
export class ModelDownloads {
	private readonly jobs = new Map<string, Job>();
	private running = 0;
	private readonly line: (() => void)[] = [];
	/** Downloads a CLI `models pull` (or another server) runs on the same MODELS_DIR. */
	private readonly others: OtherProcessDownloads;

	constructor(private readonly deps: DownloadsDeps) {
		this.others = new OtherProcessDownloads(deps);
	}

	/** Follows other processes' downloads and announces them (the server does; the CLI not). */
	watchOtherProcesses(intervalMs?: number): void {
		this.others.watch(intervalMs);
	}

	/** Starts a download, or returns the one already under way for that repository. */
	start(target: DownloadTarget): ModelDownload {
		const existing = this.activeFor(target.hubId);
		if (existing) return existing;
		const view: ModelDownload = {
			download_id: randomUUID(),
			model: target.model,
			hub_id: target.hubId,
			dtype: target.dtype,
			status: 'queued',
			bytes_done: 0,
			bytes_total: 0,
			speed_bps: 0,
			eta_seconds: null,
			current_file: null,
			installed_id: null,
			error_message: null,
			started_at: new Date().toISOString(),
			finished_at: null,
		};
		const job = {
			view,
			files: target.files,
			controller: new AbortController(),
			meter: new SpeedMeter(),
			lastEmit: 0,
		};
		const full = job as Job;
		full.done = this.run(full);
		this.jobs.set(view.download_id, full);
		this.prune();
		return { ...view };
	}

	get(id: string): ModelDownload {
		const job = this.jobs.get(id);
		const other = job ? undefined : this.others.get(id);
		if (other) return other;
		if (!job) throw new NotFoundError('Download', id);
		return { ...job.view };
	}

	/** Resolves when the download ends, whatever the outcome. */
	wait(id: string): Promise<ModelDownload> {
		const job = this.jobs.get(id);
		if (job) return job.done;
		// Joined a download another process runs (the server's, for a CLI pull): follow it there.
		if (this.others.get(id)) return this.others.until(id);
		throw new NotFoundError('Download', id);
	}

	/** Downloads queued or running, this process's and other processes'. */
	active(): ModelDownload[] {
		const own = [...this.jobs.values()]
			.filter((j) => ACTIVE.has(j.view.status))
			.map((j) => ({ ...j.view }));
		return [...own, ...this.others.active()];
	}

	activeFor(hubId: string): ModelDownload | undefined {
		return this.active().find((d) => d.hub_id === hubId);
	}

	/** Stops a download and removes its partial files. */
	cancel(id: string): ModelDownload {
		const job = this.jobs.get(id);
		const other = job ? undefined : this.others.get(id);
		if (other && ACTIVE.has(other.status)) {
			throw new DomainError(
				'CONFLICT',
				`${other.hub_id} is being downloaded by another MeetingScribe process (a CLI \`models pull\`?): stop it there`,
			);
		}
		if (other) return other;
		if (!job) throw new NotFoundError('Download', id);
		if (ACTIVE.has(job.view.status)) job.controller.abort(new Error('cancelled'));
		return { ...job.view };
	}

	async dispose(): Promise<void> {
		this.others.stop();
		const running = [...this.jobs.values()].filter((j) => ACTIVE.has(j.view.status));
		for (const j of running) j.controller.abort(new Error('shutting down'));
		await Promise.allSettled(running.map((j) => j.done));
	}

	private async run(job: Job): Promise<ModelDownload> {
		const { view, controller } = job;
		const signal = controller.signal;
		const staging = stagingDir(this.deps.modelsDir, view.hub_id);
		try {
			await this.slot(signal);
			const unlock = lockStaging(staging);
			try {
				if (typeof unlock === 'number') {
					throw new DomainError(
						'CONFLICT',
						`Another MeetingScribe process (pid ${unlock}) is downloading ${view.hub_id}; wait for it to finish`,
					);
				}
				view.status = 'running';
				this.progress(job, true);
				const folder = path.join(this.deps.modelsDir, view.hub_id);
				const listing = await listRepoFiles(this.deps.endpoint, view.hub_id, folder, signal);
				const files = planFiles(listing, view.hub_id, view.dtype, job.files);
				view.bytes_total = files.reduce((sum, f) => sum + f.size, 0);
				for (const file of files) {
					const dest = path.join(staging, file.path);
					fs.mkdirSync(path.dirname(dest), { recursive: true });
					view.current_file = file.path;
					// A file a failed attempt completed was checked before it got its name.
					if (fs.existsSync(dest) && fs.statSync(dest).size === file.size) {
						view.bytes_done += file.size;
						continue;
					}
					const url = fileUrl(this.deps.endpoint, view.hub_id, file.path);
					await fetchFile(url, dest, file, (n) => this.gained(job, n), signal);
				}
				view.current_file = null;
				// Every byte is in: the bar shows 100 % while the folder is checked and moved.
				this.progress(job, true);
				// Named files were each checked against the listing's size and hash as they came.
				if (!job.files) this.deps.check(staging);
				installStaged(staging, this.deps.modelsDir, view.hub_id);
				discardStaging(staging);
			} finally {
				if (typeof unlock === 'function') {
					unpublishProgress(staging);
					unlock();
					removeIfEmpty(path.dirname(staging));
				}
				this.release();
			}
			view.status = 'completed';
			view.installed_id = view.hub_id;
			view.bytes_done = view.bytes_total;
			this.finish(job, 'model_download_done');
			this.deps.logger.info({ model: view.hub_id, bytes: view.bytes_total }, 'model installed');
		} catch (e) {
			if (signal.aborted) {
				// Cancel means "I don't want it": nothing of it stays on disk.
				discardStaging(staging);
				view.status = 'cancelled';
				view.error_message = 'Download cancelled';
			} else {
				// Complete, checked files stay staged so that the next attempt resumes.
				view.status = 'failed';
				view.error_message = e instanceof DomainError ? e.message : `Download failed: ${(e as Error).message}`;
				this.deps.logger.warn({ model: view.hub_id, reason: view.error_message }, 'model download failed');
			}
			this.finish(job, 'model_download_failed');
		}
		return { ...view };
	}

	private gained(job: Job, n: number): void {
		job.view.bytes_done += n;
		job.meter.add(job.view.bytes_done);
		this.progress(job, false);
	}

	private progress(job: Job, force: boolean): void {
		const now = Date.now();
		if (!force && now - job.lastEmit < PROGRESS_EVERY_MS) return;
		job.lastEmit = now;
		const v = job.view;
		v.speed_bps = Math.round(job.meter.speed());
		v.eta_seconds = v.bytes_total ? job.meter.eta(v.bytes_total - v.bytes_done) : null;
		this.deps.emit('model_download_progress', { ...v });
		// Running means this process holds the staging lock: other processes may follow it.
		if (v.status === 'running') publishProgress(stagingDir(this.deps.modelsDir, v.hub_id), v);
	}

	private finish(job: Job, type: DownloadEventType): void {
		job.view.finished_at = new Date().toISOString();
		job.view.speed_bps = 0;
		job.view.eta_seconds = null;
		this.deps.emit(type, { ...job.view });
	}

	private async slot(signal: AbortSignal): Promise<void> {
		const max = this.deps.maxConcurrent ?? 2;
		while (this.running >= max) {
			signal.throwIfAborted();
			await new Promise<void>((resolve) => {
				this.line.push(resolve);
				signal.addEventListener('abort', () => resolve(), { once: true });
			});
		}
		signal.throwIfAborted();
		this.running++;
	}

	private release(): void {
		this.running--;
		// Everyone waiting checks again (a cancelled one may be among them).
		for (const wake of this.line.splice(0)) wake();
	}

	private prune(): void {
		const finished = [...this.jobs.values()].filter((j) => !ACTIVE.has(j.view.status));
		for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
			this.jobs.delete(j.view.download_id);
	}
}
