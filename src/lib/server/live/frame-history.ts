import { VAD_FRAME } from '../asr';

/**
 * The last `frames` VAD frames of one channel: samples and whether each frame held speech,
 * addressed by absolute frame number. Bleed checks compare a span across channels with it.
 */
export class FrameHistory {
	private readonly audio: Float32Array;
	private readonly speech: Uint8Array;
	/** Frames pushed so far; frame k lives at slot k % size. */
	private count = 0;

	constructor(private readonly size: number) {
		this.audio = new Float32Array(size * VAD_FRAME);
		this.speech = new Uint8Array(size);
	}

	push(samples: Float32Array, isSpeech: boolean): void {
		const slot = this.count % this.size;
		this.audio.fill(0, slot * VAD_FRAME, (slot + 1) * VAD_FRAME);
		this.audio.set(samples, slot * VAD_FRAME);
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
			const base = (f % this.size) * VAD_FRAME;
			for (let i = 0; i < VAD_FRAME; i++) sum += this.audio[base + i]! ** 2;
			n += VAD_FRAME;
		}
		return n ? Math.sqrt(sum / n) : 0;
	}
}
