import { CAPTURE_SAMPLE_RATE } from '$lib/contracts/capture';
import workletUrl from './capture.worklet.ts?worker&url';
import type { Level } from './levels';
import {
	CAPTURE_PROCESSOR,
	type CaptureWorkletCommand,
	type CaptureWorkletMessage,
	type CaptureWorkletOptions,
} from './worklet-protocol';

export interface CapturedChunk {
	sample_index: number;
	frames: number;
	pcm: ArrayBuffer;
}

export interface CaptureGraphOptions {
	mic: MediaStream;
	/** When present, recorded as channel 1. */
	tab: MediaStream | null;
	/** 100–250 ms keeps messages small and the loss window of one chunk short. */
	chunkMs?: number;
	/** The session's sample rate, which chunks are resampled to (16 kHz unless given). */
	outRate?: number;
	onChunk(chunk: CapturedChunk): void;
	onLevels(levels: Level[]): void;
}

export interface CaptureGraph {
	readonly channels: 1 | 2;
	readonly contextRate: number;
	/** Ends capture; resolves with the total frames once the last chunk has been delivered. */
	stop(): Promise<number>;
}

/** Wires microphone (and tab) into the capture worklet at the context's native rate. */
export async function startCaptureGraph(o: CaptureGraphOptions): Promise<CaptureGraph> {
	const ctx = new AudioContext({ latencyHint: 'interactive' });
	try {
		await ctx.audioWorklet.addModule(workletUrl);
		const channels: 1 | 2 = o.tab ? 2 : 1;
		const outRate = o.outRate ?? CAPTURE_SAMPLE_RATE;
		const processorOptions: CaptureWorkletOptions = {
			channels,
			outRate,
			chunkFrames: Math.round(((o.chunkMs ?? 250) / 1000) * outRate),
			levelFrames: Math.round(ctx.sampleRate / 20),
		};
		const node = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR, {
			numberOfInputs: channels,
			numberOfOutputs: 0,
			// The node mixes each input down to mono itself.
			channelCount: 1,
			channelCountMode: 'explicit',
			channelInterpretation: 'speakers',
			processorOptions,
		});
		let finished: (frames: number) => void = () => {};
		const done = new Promise<number>((resolve) => (finished = resolve));
		node.port.onmessage = (e: MessageEvent<CaptureWorkletMessage>) => {
			const m = e.data;
			if (m.type === 'chunk')
				o.onChunk({ sample_index: m.sample_index, frames: m.frames, pcm: m.pcm });
			else if (m.type === 'levels') o.onLevels(m.levels);
			else finished(m.frames);
		};
		ctx.createMediaStreamSource(o.mic).connect(node, 0, 0);
		if (o.tab) ctx.createMediaStreamSource(o.tab).connect(node, 0, 1);
		await ctx.resume();
		return {
			channels,
			contextRate: ctx.sampleRate,
			async stop() {
				const command: CaptureWorkletCommand = { type: 'stop' };
				node.port.postMessage(command);
				const frames = await done;
				node.port.onmessage = null;
				await ctx.close();
				return frames;
			},
		};
	} catch (e) {
		await ctx.close();
		throw e;
	}
}
