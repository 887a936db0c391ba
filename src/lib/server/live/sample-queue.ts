/**
 * Samples waiting for VAD, as a list of the chunks they came in: appending is O(1) and taking a
 * frame copies only that frame (joining arrays on every chunk made a backlog cost O(n²)).
 */
export class SampleQueue {
	private chunks: Float32Array[] = [];
	/** Samples of the first chunk already taken. */
	private offset = 0;
	private size = 0;

	get length(): number {
		return this.size;
	}

	push(samples: Float32Array): void {
		if (!samples.length) return;
		this.chunks.push(samples);
		this.size += samples.length;
	}

	/** Removes and returns the first `n` samples (n ≤ length). */
	take(n: number): Float32Array {
		const out = new Float32Array(n);
		let filled = 0;
		while (filled < n) {
			const head = this.chunks[0]!;
			const count = Math.min(n - filled, head.length - this.offset);
			out.set(head.subarray(this.offset, this.offset + count), filled);
			filled += count;
			this.offset += count;
			if (this.offset === head.length) {
				this.chunks.shift();
				this.offset = 0;
			}
		}
		this.size -= n;
		return out;
	}

	clear(): void {
		this.chunks = [];
		this.offset = 0;
		this.size = 0;
	}
}
