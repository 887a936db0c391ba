import fs from 'node:fs';
import path from 'node:path';
import { modelDownloadSchema, type ModelDownload } from '../../contracts/models';
import { DOWNLOADS_FOLDER, lockOwner } from './install';

/**
 * Downloads run by other MeetingScribe processes on the same MODELS_DIR (a CLI `models pull`
 * beside the server): each owner writes its download's state beside its staging lock
 * (`<staging>.json`), and the server reads them back so open tabs see the same progress bar
 * as for their own downloads.
 */

/** Where a download's state is published, beside its lock. */
export const progressFile = (staging: string) => `${staging}.json`;

/** Writes the state atomically (a reader never sees half a file). */
export function publishProgress(staging: string, view: ModelDownload): void {
	const file = progressFile(staging);
	const tmp = `${file}.${process.pid}.tmp`;
	try {
		fs.writeFileSync(tmp, JSON.stringify(view));
		fs.renameSync(tmp, file);
	} catch {
		// Progress for other processes is a courtesy: the download goes on without it.
	}
}

export function unpublishProgress(staging: string): void {
	fs.rmSync(progressFile(staging), { force: true });
}

/** The downloads other live processes are running now, as they last published them. */
export function readOthersProgress(modelsDir: string): ModelDownload[] {
	const root = path.join(modelsDir, DOWNLOADS_FOLDER);
	let names: string[];
	try {
		names = fs.readdirSync(root);
	} catch {
		return [];
	}
	const out: ModelDownload[] = [];
	for (const name of names) {
		if (!name.endsWith('.lock')) continue;
		const staging = path.join(root, name.slice(0, -'.lock'.length));
		const owner = lockOwner(staging);
		if (owner === null || owner === process.pid) continue;
		try {
			const parsed = modelDownloadSchema.safeParse(
				JSON.parse(fs.readFileSync(progressFile(staging), 'utf8')),
			);
			if (parsed.success) out.push(parsed.data);
		} catch {
			// Not published yet (the owner is reading the Hub's listing), or being replaced.
		}
	}
	return out;
}

export interface OthersDeps {
	modelsDir: string;
	emit(type: 'model_download_progress' | 'model_download_done' | 'model_download_failed', data: ModelDownload): void;
	/** Whether the repository is now installed (how an ended download turned out). */
	isInstalled(hubId: string): boolean;
}

/** Ended downloads of other processes kept for GET /models/downloads/{id}. */
const KEEP_ENDED = 20;

/**
 * Follows other processes' downloads: announces their progress as system events, and how they
 * ended (installed, or not) once their lock goes away.
 */
export class OtherProcessDownloads {
	private readonly running = new Map<string, ModelDownload>();
	private readonly ended = new Map<string, ModelDownload>();
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly deps: OthersDeps) {}

	/** Reads the published states every `intervalMs` until stop(). */
	watch(intervalMs = 1000): void {
		this.timer ??= setInterval(() => this.scan(), intervalMs);
		this.timer.unref();
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	active(): ModelDownload[] {
		this.scan();
		return [...this.running.values()];
	}

	get(id: string): ModelDownload | undefined {
		this.scan();
		return this.running.get(id) ?? this.ended.get(id);
	}

	/** Resolves when another process's download ends (as scan() sees it), polling its state. */
	async until(id: string, everyMs = 500): Promise<ModelDownload> {
		for (;;) {
			const view = this.get(id);
			if (!view || (view.status !== 'queued' && view.status !== 'running')) {
				if (view) return view;
				throw new Error(`download ${id} is not known here`);
			}
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	}

	private scan(): void {
		const now = readOthersProgress(this.deps.modelsDir);
		for (const view of now) {
			const before = this.running.get(view.download_id);
			this.running.set(view.download_id, view);
			if (!before || JSON.stringify(before) !== JSON.stringify(view))
				this.deps.emit('model_download_progress', view);
		}
		const live = new Set(now.map((v) => v.download_id));
		for (const [id, last] of this.running) {
			if (live.has(id)) continue;
			this.running.delete(id);
			const installed = this.deps.isInstalled(last.hub_id);
			const end: ModelDownload = {
				...last,
				status: installed ? 'completed' : 'failed',
				bytes_done: installed ? last.bytes_total : last.bytes_done,
				installed_id: installed ? last.hub_id : null,
				speed_bps: 0,
				eta_seconds: null,
				current_file: null,
				error_message: installed
					? null
					: 'The download in another MeetingScribe process ended without installing the model',
				finished_at: new Date().toISOString(),
			};
			this.ended.set(id, end);
			for (const old of [...this.ended.keys()].slice(0, -KEEP_ENDED)) this.ended.delete(old);
			this.deps.emit(installed ? 'model_download_done' : 'model_download_failed', end);
		}
	}
}
