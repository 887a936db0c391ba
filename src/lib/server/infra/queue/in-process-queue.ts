import type { JobHandler, JobQueue } from './port';

export type { JobQueue } from './port';

interface Entry {
	id: string;
	priority: number;
	seq: number;
}

/** The default queue: in memory, in this process, jobs persisted by their service. */
export class InProcessQueue implements JobQueue {
	private waiting: Entry[] = [];
	private running = new Map<string, { controller: AbortController; done: Promise<void> }>();
	private handler: JobHandler | undefined;
	private seq = 0;
	private stopped = false;
	readonly distributed = false;

	constructor(private readonly concurrency = 1) {}

	get size(): number {
		return this.waiting.length;
	}

	get active(): number {
		return this.running.size;
	}

	enqueue(id: string, priority: number): void {
		if (this.isQueued(id) || this.isRunning(id)) return;
		this.waiting.push({ id, priority, seq: this.seq++ });
		this.waiting.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
		this.pump();
	}

	remove(id: string): boolean {
		const before = this.waiting.length;
		this.waiting = this.waiting.filter((e) => e.id !== id);
		return this.waiting.length !== before;
	}

	abort(id: string): boolean {
		const r = this.running.get(id);
		r?.controller.abort();
		return r !== undefined;
	}

	isQueued(id: string): boolean {
		return this.waiting.some((e) => e.id === id);
	}

	isRunning(id: string): boolean {
		return this.running.has(id);
	}

	start(handler: JobHandler): void {
		this.handler = handler;
		this.pump();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const r of this.running.values()) r.controller.abort();
		await Promise.all([...this.running.values()].map((r) => r.done));
	}

	private pump(): void {
		while (
			this.handler &&
			!this.stopped &&
			this.running.size < this.concurrency &&
			this.waiting.length
		) {
			const next = this.waiting.shift()!;
			const controller = new AbortController();
			const done = this.handler(next.id, controller.signal)
				.catch(() => {})
				.finally(() => {
					this.running.delete(next.id);
					this.pump();
				});
			this.running.set(next.id, { controller, done });
		}
	}
}
