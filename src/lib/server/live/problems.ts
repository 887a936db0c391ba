import type { LiveProblem } from '../../contracts/live';
import type { Logger } from '../infra/logger';

/** The code and message of a failure: domain and engine errors carry a catalogue code. */
function causeOf(err: unknown): LiveProblem {
	const e = err as { code?: unknown; message?: unknown };
	return {
		code: typeof e?.code === 'string' ? e.code : 'TRANSCRIPTION_ERROR',
		message: typeof e?.message === 'string' ? e.message : String(err),
	};
}

/**
 * Why live transcription is failing, per session. A missing model fails every chunk the same
 * way: the log gets one line per session and cause (no stack per chunk), and the live panel gets
 * the current cause until a transcription succeeds again.
 */
export class LiveProblems {
	private readonly current = new Map<string, LiveProblem>();
	private readonly logged = new Map<string, Set<string>>();

	constructor(private readonly logger: Logger) {}

	/** Records a failure; true when it is a new cause for the panel. */
	note(sessionId: string, err: unknown): boolean {
		const cause = causeOf(err);
		const seen = this.logged.get(sessionId) ?? new Set<string>();
		this.logged.set(sessionId, seen);
		const key = `${cause.code} ${cause.message}`;
		if (!seen.has(key)) {
			seen.add(key);
			this.logger.warn(
				{ session_id: sessionId, code: cause.code, reason: cause.message },
				'live transcription failed',
			);
			// The full error, stack included, only for those who asked for it.
			this.logger.debug({ err, session_id: sessionId }, 'live transcription failure detail');
		}
		const before = this.current.get(sessionId);
		this.current.set(sessionId, cause);
		return before?.code !== cause.code || before.message !== cause.message;
	}

	get(sessionId: string): LiveProblem | null {
		return this.current.get(sessionId) ?? null;
	}

	/** A transcription succeeded: the panel stops showing the cause. True when one was shown. */
	clear(sessionId: string): boolean {
		return this.current.delete(sessionId);
	}

	forget(sessionId: string): void {
		this.current.delete(sessionId);
		this.logged.delete(sessionId);
	}
}
