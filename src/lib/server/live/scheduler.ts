import type { RunControl, TranscribeRequest } from '../asr';
import type { TranscriptionResult } from '../asr';

/** Above file jobs (0) and the OpenAI-compatible endpoint (5): live work runs first. */
export const LIVE_PRIORITY = 10;

export interface LiveEngine {
	transcribe(
		channels: Float32Array[],
		request: TranscribeRequest,
		control?: RunControl,
	): Promise<TranscriptionResult>;
	/** True while the engine runs something (ours or a file job's window). */
	readonly busy: boolean;
	readonly queued: number;
}

export interface LiveTask {
	sessionId: string;
	/** Partials of the same key replace each other while waiting. */
	key: string;
	final: boolean;
	/**
	 * A partial cut at the start of a pause that may become its utterance's final (see
	 * `promote`): it runs before other partials, even while the engine is busy, and a final
	 * coming in does not stop it.
	 */
	speculative?: boolean;
	audio: Float32Array;
	request: TranscribeRequest;
	/** Seconds of audio this task covers, for the lag figure. */
	seconds: number;
	done(result: TranscriptionResult | undefined, error?: unknown): void;
}

export interface SchedulerOptions {
	/** Finals waiting beyond this are refused (the caller reports them); partials never wait. */
	maxFinals: number;
	/** Test-only delay added before each engine call (see docs/live-transcription.md). */
	delayMs?: number;
}

/**
 * One queue for every live session in the process, feeding the engine one task at a time so
 * that this queue, not the engine's, decides the order: finals first (oldest first), then
 * speculative partials (likely finals), then the newest partial of each utterance, and an
 * ordinary partial only when nothing else waits on the engine.
 */
export class LiveScheduler {
	private finals: LiveTask[] = [];
	private partials = new Map<string, LiveTask>();
	private running: LiveTask | undefined;
	/** Aborts the running task when it is a partial and a final comes in. */
	private preempt: AbortController | undefined;
	private stopped = false;
	droppedPartials = 0;

	constructor(
		private readonly engine: LiveEngine,
		private readonly opts: SchedulerOptions,
	) {}

	/** Queues a task; false when a final does not fit the backlog (it is not queued). */
	submit(task: LiveTask): boolean {
		if (this.stopped) return false;
		if (task.final) {
			if (this.finals.length >= this.opts.maxFinals) return false;
			// A final supersedes its utterance's waiting partial.
			this.dropPartial(task.key);
			this.finals.push(task);
			// A partial in the engine would hold the final back: it stops at its next token.
			if (this.running && !this.running.final && !this.running.speculative) {
				this.preempt?.abort();
			}
		} else {
			this.dropPartial(task.key);
			this.partials.set(task.key, task);
		}
		this.pump();
		return true;
	}

	/**
	 * Makes the waiting or running speculative task of `key` a final: its result is the final's.
	 * False when there is none (it was dropped, or never submitted): submit the final instead.
	 */
	promote(key: string): boolean {
		if (this.stopped) return false;
		const running = this.running;
		if (running?.key === key && running.speculative) {
			running.final = true;
			return true;
		}
		const waiting = this.partials.get(key);
		if (!waiting?.speculative || this.finals.length >= this.opts.maxFinals) return false;
		this.partials.delete(key);
		waiting.final = true;
		this.finals.push(waiting);
		this.pump();
		return true;
	}

	/** Seconds of a session's audio waiting or being transcribed. */
	backlogSeconds(sessionId: string): number {
		let s = 0;
		for (const t of this.finals) if (t.sessionId === sessionId) s += t.seconds;
		if (this.running?.sessionId === sessionId && this.running.final) s += this.running.seconds;
		return s;
	}

	/** Finals of a session still waiting or running. */
	pendingFinals(sessionId: string): number {
		return (
			this.finals.filter((t) => t.sessionId === sessionId).length +
			(this.running?.final && this.running.sessionId === sessionId ? 1 : 0)
		);
	}

	/** Forgets a session's waiting partials (its recording ended). */
	dropPartials(sessionId: string): void {
		for (const [key, t] of this.partials) if (t.sessionId === sessionId) this.dropPartial(key);
	}

	stop(): void {
		this.stopped = true;
		for (const t of this.finals) t.done(undefined, new Error('live transcription stopped'));
		this.finals = [];
		for (const key of [...this.partials.keys()]) this.dropPartial(key);
	}

	private dropPartial(key: string): void {
		const t = this.partials.get(key);
		if (!t) return;
		this.partials.delete(key);
		this.droppedPartials++;
		t.done(undefined);
	}

	private pump(): void {
		if (this.running || this.stopped) return;
		let task = this.finals.shift();
		if (!task) {
			// Speculative partials are likely finals: they go as soon as no final waits.
			const speculative = [...this.partials.values()].find((t) => t.speculative);
			if (speculative) {
				this.partials.delete(speculative.key);
				task = speculative;
			}
		}
		if (!task) {
			// Partials only when the engine keeps up: nothing of anyone else's is waiting.
			if (this.engine.busy || this.engine.queued > 0) {
				if (this.partials.size) this.retryLater();
				return;
			}
			const first = this.partials.entries().next();
			if (first.done) return;
			this.partials.delete(first.value[0]);
			task = first.value[1];
		}
		this.running = task;
		this.preempt = task.final || task.speculative ? undefined : new AbortController();
		void this.run(task, this.preempt?.signal);
	}

	private retry: NodeJS.Timeout | undefined;
	private retryLater(): void {
		this.retry ??= setTimeout(() => {
			this.retry = undefined;
			this.pump();
		}, 200).unref();
	}

	private async run(task: LiveTask, signal: AbortSignal | undefined): Promise<void> {
		let result: TranscriptionResult | undefined;
		let error: unknown;
		try {
			if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
			result = await this.engine.transcribe([task.audio], task.request, {
				priority: LIVE_PRIORITY,
				signal,
			});
		} catch (e) {
			error = e;
		}
		if (signal?.aborted) {
			// Preempted by a final: a skipped partial, not a failure.
			this.droppedPartials++;
			result = error = undefined;
		}
		this.running = undefined;
		this.preempt = undefined;
		try {
			task.done(result, error);
		} finally {
			this.pump();
		}
	}
}
