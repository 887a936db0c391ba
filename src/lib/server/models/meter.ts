/** Window over which speed is measured: long enough to smooth, short enough to follow changes. */
const WINDOW_MS = 3000;

/** Download speed and time left from byte counts over the last few seconds. */
export class SpeedMeter {
	private samples: { t: number; bytes: number }[] = [];

	add(bytesDone: number, now = Date.now()): void {
		this.samples.push({ t: now, bytes: bytesDone });
		while (this.samples.length > 2 && now - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
	}

	/** Bytes a second. */
	speed(): number {
		const first = this.samples[0];
		const last = this.samples.at(-1);
		if (!first || !last || last.t - first.t < 200) return 0;
		return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.t - first.t));
	}

	/** Seconds left for `remaining` bytes, or null while the speed is unknown. */
	eta(remaining: number): number | null {
		const s = this.speed();
		return s > 0 ? Math.round(remaining / s) : null;
	}
}
