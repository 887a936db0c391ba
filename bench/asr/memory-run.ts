/**
 * One transcription in this process, then its peak RSS as a JSON line (see memory.ts):
 *   node --import tsx bench/asr/memory-run.ts <model id> <dtype> <minutes> <batch>
 */
import { speechLike } from './audio';
import { measureEngine } from './engine-run';
import type { BenchDtype } from './models';

const [model, dtype, minutes, batch] = process.argv.slice(2);
const rssMb = () => process.resourceUsage().maxRSS / 1024;
const audio = speechLike(Number(minutes) * 60);
const baselineRssMb = rssMb();
const run = await measureEngine(model!, dtype as BenchDtype, audio, 1, Number(batch));
console.log(JSON.stringify({ seconds: run.medianSeconds, peakRssMb: rssMb(), baselineRssMb }));
