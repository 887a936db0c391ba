import { beforeAll, describe, expect, it } from 'vitest';
import type {
	CaptureWorkletMessage,
	CaptureWorkletOptions,
} from '../../../../src/lib/client/capture/worklet-protocol';

type Processor = {
	process(inputs: Float32Array[][]): boolean;
	port: { onmessage: ((e: { data: unknown }) => void) | null };
};
type ProcessorCtor = new (o: { processorOptions: CaptureWorkletOptions }) => Processor;

let Ctor: ProcessorCtor;
const posted: CaptureWorkletMessage[] = [];

/** The AudioWorkletGlobalScope the processor module expects, just enough of it. */
beforeAll(async () => {
	const g = globalThis as Record<string, unknown>;
	g.sampleRate = 48000;
	g.AudioWorkletProcessor = class {
		port = {
			onmessage: null,
			postMessage: (m: CaptureWorkletMessage) => posted.push(m),
		};
	};
	g.registerProcessor = (_name: string, ctor: ProcessorCtor) => (Ctor = ctor);
	await import('../../../../src/lib/client/capture/capture.worklet');
});

const QUANTUM = 128;
const opts = (channels: 1 | 2): CaptureWorkletOptions => ({
	channels,
	outRate: 16000,
	chunkFrames: 4000,
	levelFrames: 2400,
});

/** Runs `quanta` render quanta of a constant value per input, then stops. */
function run(p: Processor, quanta: number, inputs: (number | null)[]) {
	posted.length = 0;
	for (let q = 0; q < quanta; q++)
		p.process(inputs.map((v) => (v === null ? [] : [new Float32Array(QUANTUM).fill(v)])));
	p.port.onmessage!({ data: { type: 'stop' } });
	const chunks = posted.filter((m) => m.type === 'chunk');
	return {
		chunks,
		pcm: chunks.map((c) => new Int16Array(c.pcm)),
		stopped: posted.find((m) => m.type === 'stopped'),
		levels: posted.filter((m) => m.type === 'levels'),
	};
}

describe('capture worklet', () => {
	it('posts 250 ms chunks with a running sample index, and the rest on stop', () => {
		const p = new Ctor({ processorOptions: opts(1) });
		const { chunks, stopped } = run(p, 1000, [0.25]); // 128 000 input frames
		const total = Math.floor((1000 * QUANTUM) / 3);
		expect(chunks.map((c) => c.sample_index)).toEqual(
			Array.from({ length: chunks.length }, (_, i) => i * 4000),
		);
		expect(chunks.slice(0, -1).every((c) => c.frames === 4000)).toBe(true);
		expect(chunks.reduce((n, c) => n + c.frames, 0)).toBe(total);
		expect(stopped).toEqual({ type: 'stopped', frames: total });
	});

	it('puts the microphone in channel 0 and the tab in channel 1, interleaved', () => {
		const p = new Ctor({ processorOptions: opts(2) });
		const { pcm } = run(p, 200, [0.5, -0.25]);
		const mid = pcm[1]!; // away from the filter's start-up
		expect(mid.length).toBe(8000);
		expect(mid[0]).toBeCloseTo(16384, -1);
		expect(mid[1]).toBeCloseTo(-8192, -1);
	});

	it('records silence for an input with no source, keeping both channels in step', () => {
		const p = new Ctor({ processorOptions: opts(2) });
		const { pcm, chunks } = run(p, 200, [0.5, null]);
		expect(chunks.every((c) => c.pcm.byteLength === c.frames * 4)).toBe(true);
		const mid = pcm[1]!;
		expect(mid.filter((_, i) => i % 2 === 1).every((v) => v === 0)).toBe(true);
		expect(mid[0]).toBeCloseTo(16384, -1);
	});

	it('reports levels per source about every 50 ms', () => {
		const p = new Ctor({ processorOptions: opts(2) });
		const { levels } = run(p, 200, [0.5, -0.25]); // 25 600 frames, a reading per 2 400
		expect(levels.length).toBe(10);
		const last = levels.at(-1) as Extract<CaptureWorkletMessage, { type: 'levels' }>;
		expect(last.levels[0]).toEqual({ rms: 0.5, peak: 0.5 });
		expect(last.levels[1]).toEqual({ rms: 0.25, peak: 0.25 });
	});

	it('stops processing once stopped', () => {
		const p = new Ctor({ processorOptions: opts(1) });
		run(p, 10, [0.1]);
		expect(p.process([[new Float32Array(QUANTUM)]])).toBe(false);
	});
});
