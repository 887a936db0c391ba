import { io, type Socket } from 'socket.io-client';
import { api, ApiError } from '$lib/client/api';
import { SOCKET_PATH, systemEventSchema } from '$lib/contracts/events';
import {
	MODEL_DOWNLOAD_EVENTS,
	modelDownloadSchema,
	type ModelDownload,
	type ModelListResponse,
} from '$lib/contracts/models';

/**
 * The model manager's state: the server's list, kept current by the model_download_* events of
 * the /system namespace (so a download started in another tab or by the CLI shows here too).
 */
export class ModelManagerState {
	list: ModelListResponse | null = $state(null);
	/** Downloads by catalogue name or hub id, including the last failed one per model. */
	downloads: Record<string, ModelDownload> = $state({});
	loadError: string | null = $state(null);
	/** The last action's failure, for an alert. */
	actionError: string | null = $state(null);
	busy: Record<string, boolean> = $state({});
	private socket: Socket | undefined;

	async load(): Promise<void> {
		try {
			this.list = await api<ModelListResponse>('/api/v1/models');
			this.loadError = null;
			for (const d of this.list.downloads) this.downloads[d.hub_id] = d;
		} catch (e) {
			this.loadError = e instanceof ApiError ? e.message : String(e);
		}
	}

	/** Follows downloads live; returns the function that stops it. */
	follow(): () => void {
		const socket = io('/system', { path: SOCKET_PATH, transports: ['websocket', 'polling'] });
		this.socket = socket;
		socket.on('system_event', (raw: unknown) => {
			const e = systemEventSchema.safeParse(raw);
			if (!e.success) return;
			if (!(MODEL_DOWNLOAD_EVENTS as readonly string[]).includes(e.data.event_type)) return;
			const d = modelDownloadSchema.safeParse(e.data.data);
			if (!d.success) return;
			this.downloads[d.data.hub_id] = d.data;
			// The list changes when a download ends (installed, or the partial gone).
			if (e.data.event_type !== 'model_download_progress') void this.load();
		});
		// A reconnect may have missed events: read the list again.
		socket.on('connect', () => void this.load());
		return () => socket.close();
	}

	download(hubId: string): ModelDownload | undefined {
		return this.downloads[hubId];
	}

	async start(name: string): Promise<void> {
		await this.act(name, async () => {
			const res = await api<{ download: ModelDownload }>(
				`/api/v1/models/${encodeURIComponent(name)}/download`,
				{ method: 'POST', body: {} },
			);
			this.downloads[res.download.hub_id] = res.download;
		});
	}

	async cancel(download: ModelDownload): Promise<void> {
		await this.act(download.model, async () => {
			const res = await api<{ download: ModelDownload }>(
				`/api/v1/models/downloads/${download.download_id}`,
				{ method: 'DELETE' },
			);
			this.downloads[res.download.hub_id] = res.download;
			await this.load();
		});
	}

	async remove(name: string): Promise<void> {
		await this.act(name, async () => {
			await api(`/api/v1/models/${encodeURIComponent(name)}`, { method: 'DELETE' });
			await this.load();
		});
	}

	async setDefault(name: string): Promise<void> {
		await this.act(name, async () => {
			await api('/api/v1/system/config', { method: 'PUT', body: { whisper_model: name } });
			await this.load();
		});
	}

	private async act(key: string, fn: () => Promise<void>): Promise<void> {
		this.actionError = null;
		this.busy[key] = true;
		try {
			await fn();
		} catch (e) {
			this.actionError = e instanceof ApiError ? e.message : String(e);
		} finally {
			this.busy[key] = false;
		}
	}

	close(): void {
		this.socket?.close();
	}
}
