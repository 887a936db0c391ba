import { VAD_FRAME } from '../asr';

/**
 * The last `frames` VAD frames of one channel: the energy of each frame (its sum of squares)
 * and whether it held speech, addressed by absolute frame number. Bleed checks compare a span
 * across channels with it, and an RMS needs only the energies: keeping the samples themselves
 * (35 s of float audio) cost 2.2 MB per channel, every live session.
 */
export class FrameHistory {
	private readonly energy: Float64Array;
	private readonly speech: Uint8Array;
	/** Frames pushed so far; frame k lives at slot k % size. */
	private count = 0;

	constructor(private readonly size: number) {
		this.energy = new Float64Array(size);
		this.speech = new Uint8Array(size);
	}

	/** A frame of at most VAD_FRAME samples (a shorter one counts as zero-padded). */
	push(samples: Float32Array, isSpeech: boolean): void {
		const slot = this.count % this.size;
		let sum = 0;
		for (let i = 0; i < samples.length && i < VAD_FRAME; i++) sum += samples[i]! ** 2;
		this.energy[slot] = sum;
		this.speech[slot] = isSpeech ? 1 : 0;
		this.count++;
	}

	/** Frames [from, to) still held (older ones are gone). */
	private range(from: number, to: number): [number, number] {
		return [Math.max(from, this.count - this.size, 0), Math.min(to, this.count)];
	}

	isSpeech(frame: number): boolean {
		const [a, b] = this.range(frame, frame + 1);
		return a < b && this.speech[a % this.size] === 1;
	}

	/** Root mean square of frames [from, to) where `where(frame)` holds. */
	rms(from: number, to: number, where: (frame: number) => boolean = () => true): number {
		const [a, b] = this.range(from, to);
		let sum = 0;
		let n = 0;
		for (let f = a; f < b; f++) {
			if (!where(f)) continue;
			sum += this.energy[f % this.size]!;
			n += VAD_FRAME;
		}
		return n ? Math.sqrt(sum / n) : 0;
	}
}
