/**
 * Which sample frames of a session have arrived, when chunks come in any order and any number of
 * times: the contiguous run from frame 0, the furthest frame, and the islands in between.
 */
export class FrameTracker {
	/** Frames held without a gap from 0. */
	contiguous = 0;
	/** One past the furthest frame held. */
	extent = 0;
	/** Sorted, disjoint [start, end) runs that start after `contiguous`. */
	private islands: [number, number][] = [];

	constructor(private readonly maxIslands = 4096) {}

	get gaps(): number {
		return this.islands.length;
	}

	/** False when a run starting at `start` could add an island past the bound. */
	accepts(start: number): boolean {
		return start <= this.contiguous || this.islands.length < this.maxIslands;
	}

	/** The held [start, end) runs, the contiguous one first. */
	runs(): [number, number][] {
		return [
			...(this.contiguous > 0 ? [[0, this.contiguous] as [number, number]] : []),
			...this.islands,
		];
	}

	/** The held parts of [start, end), in order. */
	covered(start: number, end: number): [number, number][] {
		const out: [number, number][] = [];
		for (const [s, e] of this.runs()) {
			if (e <= start) continue;
			if (s >= end) break;
			out.push([Math.max(s, start), Math.min(e, end)]);
		}
		return out;
	}

	add(start: number, end: number): void {
		if (end <= start) return;
		if (end > this.extent) this.extent = end;
		if (start <= this.contiguous) {
			if (end > this.contiguous) this.contiguous = end;
			while (this.islands.length && this.islands[0]![0] <= this.contiguous) {
				const [, e] = this.islands.shift()!;
				if (e > this.contiguous) this.contiguous = e;
			}
			return;
		}
		let i = 0;
		while (i < this.islands.length && this.islands[i]![1] < start) i++;
		let s = start;
		let e = end;
		let j = i;
		while (j < this.islands.length && this.islands[j]![0] <= e) {
			s = Math.min(s, this.islands[j]![0]);
			e = Math.max(e, this.islands[j]![1]);
			j++;
		}
		this.islands.splice(i, j - i, [s, e]);
	}
}
