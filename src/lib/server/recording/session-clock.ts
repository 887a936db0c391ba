/**
 * Periodic work (save progress, fdatasync, auto-stop by the clock, progress updates) comes to
 * each session once a second, in one of ten 100 ms slots, so that hundreds of sessions do not
 * all stall the event loop in the same instant. The timer runs only while sessions are open.
 */
const TICK_MS = 100;
const TICK_SLOTS = 10;

export class SessionClock {
	private readonly slots = new Map<string, number>();
	private nextSlot = 0;
	private phase = 0;
	private timer: NodeJS.Timeout | undefined;

	/** `onDue` gets the ids whose slot has come, every TICK_MS. */
	constructor(private readonly onDue: (ids: Set<string>) => void) {}

	add(id: string): void {
		this.slots.set(id, this.nextSlot++ % TICK_SLOTS);
		this.timer ??= setInterval(() => this.tick(), TICK_MS).unref();
	}

	remove(id: string): void {
		this.slots.delete(id);
		if (!this.slots.size) this.stop();
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	private tick(): void {
		this.phase = (this.phase + 1) % TICK_SLOTS;
		const due = new Set<string>();
		for (const [id, slot] of this.slots) if (slot === this.phase) due.add(id);
		if (due.size) this.onDue(due);
	}
}
