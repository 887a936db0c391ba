import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '$lib/contracts/events';
import { transcriptionUpdateSchema } from '$lib/contracts/events';
import { transcriptionUpdateDataSchema } from '$lib/contracts/transcription';
import { cancelJob, listJobs } from './actions';
import type { Job, JobStatus } from './schemas';

export interface LiveJob {
	job_id: string;
	status: JobStatus;
	progress: number;
	recording_id: string | null;
	recording_title: string | null;
	error_message: string | null;
	/** Seconds left, estimated from the pace so far; null until there is a pace. */
	remaining: number | null;
	/** When this page first saw the job running, for the estimate. */
	runningSince: number | null;
}

const ACTIVE: JobStatus[] = ['pending', 'running'];

/**
 * Every transcription job this page knows of, kept current by the /transcription namespace's
 * `transcription_update` events (a socket follows all jobs unless it subscribes to one).
 * One per page: the tray, the library and the jobs view share it.
 */
export class JobFeed {
	jobs: LiveJob[] = $state([]);
	/** Bumped when a job ends, so lists can reload what it changed. */
	finished = $state(0);
	private socket: Socket | null = null;
	private users = 0;

	get active(): LiveJob[] {
		return this.jobs.filter((j) => ACTIVE.includes(j.status));
	}

	/** Starts following jobs; the returned function stops when the last user is gone. */
	use(): () => void {
		this.users += 1;
		if (!this.socket) this.open();
		return () => {
			this.users -= 1;
			if (this.users === 0) {
				this.socket?.close();
				this.socket = null;
			}
		};
	}

	async refresh(): Promise<void> {
		try {
			const [running, pending] = await Promise.all([
				listJobs({ status: 'running' }),
				listJobs({ status: 'pending' }),
			]);
			for (const j of [...running.jobs, ...pending.jobs]) this.merge(fromJob(j));
		} catch {
			// No job list (an older server): the socket's updates still fill the tray.
		}
	}

	async cancel(jobId: string): Promise<void> {
		await cancelJob(jobId);
		this.merge({ job_id: jobId, status: 'cancelled' });
	}

	/** A job the page started itself, shown before the server's first update arrives. */
	track(job: Partial<LiveJob> & { job_id: string }): void {
		this.merge({ status: 'pending', progress: 0, ...job });
	}

	private open(): void {
		const socket = io('/transcription', {
			path: SOCKET_PATH,
			transports: ['websocket', 'polling'],
		});
		this.socket = socket;
		socket.on('connect', () => void this.refresh());
		socket.on('transcription_update', (raw: unknown) => {
			const u = transcriptionUpdateSchema.safeParse(raw);
			if (!u.success) return;
			const d = transcriptionUpdateDataSchema.safeParse(u.data.data);
			if (!d.success) return;
			this.merge({
				job_id: u.data.job_id,
				status: d.data.status,
				progress: d.data.progress,
				error_message: d.data.error_message ?? null,
			});
		});
		socket.connect();
	}

	private merge(patch: Partial<LiveJob> & { job_id: string }): void {
		const now = Date.now();
		const prev = this.jobs.find((j) => j.job_id === patch.job_id);
		const next: LiveJob = {
			status: 'pending',
			progress: 0,
			recording_id: null,
			recording_title: null,
			error_message: null,
			remaining: null,
			runningSince: null,
			...prev,
			...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
		} as LiveJob;
		if (next.status === 'running') {
			next.runningSince ??= now;
			const elapsed = (now - next.runningSince) / 1000;
			next.remaining =
				next.progress > 0.02 && elapsed > 1
					? (elapsed * (1 - next.progress)) / next.progress
					: null;
		} else {
			next.remaining = null;
		}
		if (prev && ACTIVE.includes(prev.status) && !ACTIVE.includes(next.status)) this.finished += 1;
		this.jobs = prev
			? this.jobs.map((j) => (j.job_id === next.job_id ? next : j))
			: [...this.jobs, next];
	}
}

function fromJob(j: Job): Partial<LiveJob> & { job_id: string } {
	return {
		job_id: j.job_id,
		status: j.status,
		progress: j.progress,
		recording_id: j.recording_id ?? null,
		recording_title: j.recording_title ?? null,
		error_message: j.error_message ?? null,
	};
}

let shared: JobFeed | null = null;
/** The page's one job feed. */
export function jobFeed(): JobFeed {
	return (shared ??= new JobFeed());
}
