import { loadavg } from 'node:os';

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds that `fn` took. */
export async function timed(fn: () => unknown): Promise<number> {
	const started = performance.now();
	await fn();
	return performance.now() - started;
}

/** Runs `fn` `runs` times after `warmup` untimed runs; returns every time in ms. */
export async function sample(runs: number, fn: () => unknown, warmup = 1): Promise<number[]> {
	for (let i = 0; i < warmup; i++) await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) times.push(await timed(fn));
	return times;
}

/** 1-, 5- and 15-minute load averages, to say how busy the shared machine was. */
export function load(): [number, number, number] {
	return loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
