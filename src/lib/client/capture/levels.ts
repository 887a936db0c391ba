/** Running RMS and peak of one source between two meter readings. */
export class LevelMeter {
	private sumSquares = 0;
	private count = 0;
	private peak = 0;

	add(samples: Float32Array): void {
		let sum = 0;
		let peak = this.peak;
		for (let i = 0; i < samples.length; i++) {
			const s = samples[i]!;
			sum += s * s;
			const a = s < 0 ? -s : s;
			if (a > peak) peak = a;
		}
		this.sumSquares += sum;
		this.count += samples.length;
		this.peak = peak;
	}

	/** Returns the level since the last reading and starts a new one. */
	read(): Level {
		const level = {
			rms: this.count ? Math.sqrt(this.sumSquares / this.count) : 0,
			peak: this.peak,
		};
		this.sumSquares = 0;
		this.count = 0;
		this.peak = 0;
		return level;
	}
}

export interface Level {
	rms: number;
	peak: number;
}

/** Decibels relative to full scale, floored at `floor` (silence has no finite level). */
export function toDbfs(amplitude: number, floor = -60): number {
	return amplitude > 0 ? Math.max(floor, 20 * Math.log10(amplitude)) : floor;
}
