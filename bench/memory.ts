/**
 * `npm run bench:memory [-- --hours 10] [--model test|base] [--compare]`
 *
 * Peak memory of a transcription against the length of the audio: a 1-minute and an N-hour
 * (default 10) stereo recording, mostly silence with the test clip every 10 minutes, each
 * transcribed in a fresh process (the job's path: read where it lies, each channel on its own),
 * which reports its peak RSS (VmHWM). `--model base` uses a random-weight model of base's size
 * (q8) instead of the tiny test model; `--compare` also runs the old whole-array path where it
 * can (files under 2 GiB). See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFfmpeg } from '../src/lib/server/infra/media/decode';
import { ensureModel } from './asr/models';
import { meetingWav } from './memory/audio';

const { values } = parseArgs({
	options: {
		hours: { type: 'string', default: '10' },
		model: { type: 'string', default: 'test' },
		compare: { type: 'boolean', default: false },
	},
});
const hours = Number(values.hours);
if (!(hours > 0)) throw new Error(`--hours must be a positive number: ${values.hours}`);

const root = path.resolve(import.meta.dirname, '..');
const { modelsDir, model } =
	values.model === 'base'
		? { modelsDir: path.join(root, 'bench', '.models'), model: ensureModel('base', ['q8']).id }
		: { modelsDir: path.join(root, 'test', 'fixtures', 'models'), model: 'whisper-test' };

const work = mkdtempSync(path.join(tmpdir(), 'meetingscribe-bench-memory-'));
const scratch = path.join(work, 'tmp');
mkdirSync(scratch);

interface ChildResult {
	ok: boolean;
	peakRssMb: number;
	duration?: number;
	segments?: number;
	seconds?: number;
	error?: string;
}

function measure(file: string, mode: 'stream' | 'arrays'): ChildResult {
	const child = spawnSync(
		process.execPath,
		['--import', 'tsx', path.join(import.meta.dirname, 'memory', 'child.ts')].concat([
			file,
			modelsDir,
			model,
			mode,
			scratch,
		]),
		{ encoding: 'utf8', cwd: root, maxBuffer: 1 << 24 },
	);
	const line = child.stdout.trim().split('\n').at(-1) ?? '';
	try {
		return JSON.parse(line) as ChildResult;
	} catch {
		return {
			ok: false,
			peakRssMb: NaN,
			error: `exit ${child.status}: ${child.stderr.slice(-500)}`,
		};
	}
}

try {
	const ffmpeg = (await resolveFfmpeg()).path;
	const files = [
		{ label: '1 minute', file: meetingWav(ffmpeg, work, 60, 20) },
		{ label: `${hours} hours`, file: meetingWav(ffmpeg, work, Math.round(hours * 3600)) },
	];
	const rows: { label: string; mode: string; result: ChildResult; gb: number }[] = [];
	for (const { label, file } of files) {
		const gb = statSync(file).size / 2 ** 30;
		const modes: ('stream' | 'arrays')[] = values.compare ? ['stream', 'arrays'] : ['stream'];
		for (const mode of modes) {
			console.log(`${label} (${gb.toFixed(2)} GiB), ${mode} …`);
			rows.push({ label, mode, result: measure(file, mode), gb });
		}
	}
	console.log(`\nmodel ${model} (q8), stereo 16 kHz 16-bit WAV, each channel transcribed:\n`);
	console.log('| audio | file | path | peak RSS | segments | time |');
	console.log('| ----- | ---- | ---- | -------- | -------- | ---- |');
	for (const { label, mode, result, gb } of rows) {
		const rss = result.ok ? `${result.peakRssMb} MB` : `failed: ${result.error?.slice(0, 80)}`;
		const detail = result.ok ? `${result.segments} | ${result.seconds} s` : '– | –';
		console.log(`| ${label} | ${gb.toFixed(2)} GiB | ${mode} | ${rss} | ${detail} |`);
	}
	const short = rows.find((r) => r.mode === 'stream' && r.label === '1 minute')?.result;
	const long = rows.find((r) => r.mode === 'stream' && r.label !== '1 minute')?.result;
	if (short?.ok && long?.ok) {
		console.log(
			`\npeak RSS: 1 minute ${short.peakRssMb} MB, ${hours} hours ${long.peakRssMb} MB, ` +
				`difference ${long.peakRssMb - short.peakRssMb} MB`,
		);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
