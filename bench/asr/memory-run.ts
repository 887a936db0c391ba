/**
 * One transcription in this process, then its peak RSS as a JSON line (see memory.ts):
 *   node --import tsx bench/asr/memory-run.ts <model id> <dtype> <minutes> <batch>
 */
import { readFileSync } from 'node:fs';
import { speechLike } from './audio';
import { measureEngine } from './engine-run';
import type { BenchDtype } from './models';

const [model, dtype, minutes, batch] = process.argv.slice(2);
/**
 * This process's peak RSS, MB. Linux's VmHWM belongs to the address space exec created;
 * getrusage's maxRSS would start from the parent's RSS at fork (a large benchmark process).
 */
function rssMb(): number {
	try {
		const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		if (hwm) return Number(hwm[1]) / 1024;
	} catch {
		// Not Linux: fall back to getrusage.
	}
	return process.resourceUsage().maxRSS / 1024;
}
const audio = speechLike(Number(minutes) * 60);
const baselineRssMb = rssMb();
const run = await measureEngine(model!, dtype as BenchDtype, audio, 1, Number(batch), true);
console.log(JSON.stringify({ seconds: run.medianSeconds, peakRssMb: rssMb(), baselineRssMb }));
