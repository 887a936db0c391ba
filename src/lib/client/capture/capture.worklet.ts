/**
 * AudioWorklet: microphone on input 0, tab audio on input 1 (each down-mixed to mono by the
 * node), resampled to 16 kHz, converted to 16-bit PCM and posted in fixed-size chunks with a
 * running sample index. Built as a separate bundle (imported with `?worker&url`).
 */
import { LevelMeter } from './levels';
import { interleaveInt16 } from './pcm';
import { Resampler } from './resampler';
import {
	CAPTURE_PROCESSOR,
	type CaptureWorkletCommand,
	type CaptureWorkletMessage,
	type CaptureWorkletOptions,
} from './worklet-protocol';

// AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
	readonly port: MessagePort;
	constructor(options?: { processorOptions?: unknown });
}
declare function registerProcessor(
	name: string,
	ctor: new (options: { processorOptions?: unknown }) => AudioWorkletProcessor,
): void;

class CaptureProcessor extends AudioWorkletProcessor {
	private readonly opts: CaptureWorkletOptions;
	private readonly resamplers: Resampler[];
	private readonly meters: LevelMeter[];
	private readonly acc: Float32Array[];
	private fill = 0;
	private sampleIndex = 0;
	private sinceLevels = 0;
	private stopped = false;
	private silence = new Float32Array(128);

	constructor(options: { processorOptions?: unknown }) {
		super(options);
		this.opts = options.processorOptions as CaptureWorkletOptions;
		const { channels, outRate, chunkFrames } = this.opts;
		this.resamplers = Array.from({ length: channels }, () => new Resampler(sampleRate, outRate));
		this.meters = Array.from({ length: channels }, () => new LevelMeter());
		this.acc = Array.from({ length: channels }, () => new Float32Array(chunkFrames));
		this.port.onmessage = (e: MessageEvent<CaptureWorkletCommand>) => {
			if (e.data.type === 'stop') this.stop();
		};
	}

	process(inputs: Float32Array[][]): boolean {
		if (this.stopped) return false;
		// An input with no active source has no channels: it records silence, so both channels
		// keep the same timeline.
		const frames = inputs.find((i) => i[0])?.[0]?.length ?? 128;
		if (this.silence.length !== frames) this.silence = new Float32Array(frames);
		const outs = this.resamplers.map((r, ch) => {
			const src = inputs[ch]?.[0] ?? this.silence;
			this.meters[ch]!.add(src);
			return r.process(src);
		});
		this.append(outs);
		this.sinceLevels += frames;
		if (this.sinceLevels >= this.opts.levelFrames) {
			this.sinceLevels = 0;
			this.post({ type: 'levels', levels: this.meters.map((m) => m.read()) });
		}
		return true;
	}

	private stop(): void {
		if (this.stopped) return;
		this.stopped = true;
		this.append(this.resamplers.map((r) => r.flush()));
		if (this.fill > 0) this.emit();
		this.post({ type: 'stopped', frames: this.sampleIndex });
	}

	/** Copies resampled output into the chunk accumulators, posting each chunk once full. */
	private append(outs: Float32Array[]): void {
		const n = outs[0]!.length;
		let done = 0;
		while (done < n) {
			const take = Math.min(n - done, this.opts.chunkFrames - this.fill);
			outs.forEach((o, ch) => this.acc[ch]!.set(o.subarray(done, done + take), this.fill));
			this.fill += take;
			done += take;
			if (this.fill === this.opts.chunkFrames) this.emit();
		}
	}

	private emit(): void {
		const pcm = interleaveInt16(this.acc.map((a) => a.subarray(0, this.fill))).buffer;
		const msg: CaptureWorkletMessage = {
			type: 'chunk',
			sample_index: this.sampleIndex,
			frames: this.fill,
			pcm,
		};
		this.port.postMessage(msg, [pcm]);
		this.sampleIndex += this.fill;
		this.fill = 0;
	}

	private post(msg: CaptureWorkletMessage): void {
		this.port.postMessage(msg);
	}
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
