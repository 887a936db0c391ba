import type { WorkerHeartbeat, WorkerStatus } from '../../contracts/workers';

/** A worker not heard from for this long is dropped from the list. */
const FORGET_AFTER_MS = 60_000;

/**
 * The workers this API node has heard from (they send a heartbeat every few seconds). In memory:
 * after a restart the list fills again within one heartbeat.
 */
export class WorkerRegistry {
	private readonly workers = new Map<string, WorkerStatus>();

	beat(info: WorkerHeartbeat): void {
		this.workers.set(info.worker_id, { ...info, last_seen: new Date().toISOString() });
	}

	/** Marks a job as this worker's current one between heartbeats. */
	setJob(workerId: string, jobId: string, running: boolean): void {
		const w = this.workers.get(workerId);
		if (!w) return;
		const others = w.current_jobs.filter((j) => j !== jobId);
		w.current_jobs = running ? [...others, jobId] : others;
	}

	list(): WorkerStatus[] {
		const cutoff = Date.now() - FORGET_AFTER_MS;
		for (const [id, w] of this.workers) {
			if (Date.parse(w.last_seen) < cutoff) this.workers.delete(id);
		}
		return [...this.workers.values()].sort((a, b) => a.worker_id.localeCompare(b.worker_id));
	}
}
