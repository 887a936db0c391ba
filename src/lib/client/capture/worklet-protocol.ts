import type { Level } from './levels';

/** Options the capture AudioWorklet is created with (processorOptions). */
export interface CaptureWorkletOptions {
	/** 1: microphone only; 2: input 0 microphone → channel 0, input 1 tab → channel 1. */
	channels: 1 | 2;
	outRate: number;
	/** Output frames per chunk. */
	chunkFrames: number;
	/** Input frames between two level readings. */
	levelFrames: number;
}

/** Worklet → main thread. */
export type CaptureWorkletMessage =
	| { type: 'chunk'; sample_index: number; frames: number; pcm: ArrayBuffer }
	| { type: 'levels'; levels: Level[] }
	/** The last chunk has been posted; `frames` were produced in all. */
	| { type: 'stopped'; frames: number };

/** Main thread → worklet. */
export type CaptureWorkletCommand = { type: 'stop' };

export const CAPTURE_PROCESSOR = 'meetingscribe-capture';
