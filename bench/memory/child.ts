/**
 * One transcription in a fresh process, for bench/memory.ts: prints its peak RSS as JSON.
 * argv: <file> <modelsDir> <model> <stream|arrays> <scratchDir>
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { AsrEngine } from '../../src/lib/server/asr/engine';
import { openAudio } from '../../src/lib/server/infra/media/audio-file';
import { decodeToPcm16kMono } from '../../src/lib/server/infra/media/decode';

const [file, modelsDir, model, mode, scratchDir] = process.argv.slice(2) as [
	string,
	string,
	string,
	'stream' | 'arrays',
	string,
];

/** The kernel's high-water mark of this process's resident memory, MB. */
function peakRssMb(): number {
	const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
	return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}

const engine = new AsrEngine({
	modelsDir,
	allowRemote: false,
	device: 'cpu',
	dtype: 'q8',
	logger: pino({ level: 'silent' }),
});
const started = performance.now();
try {
	await engine.start();
	// As a job on a recording: each channel transcribed on its own (mic "You", tab "Remote").
	const request = { model, language: 'en', channelSpeakers: ['You', 'Remote'] };
	let segments: number;
	let duration: number;
	if (mode === 'stream') {
		const opened = await openAudio(file, { scratchDir });
		try {
			const result = await engine.transcribe(opened.file, request);
			({ duration } = result);
			segments = result.segments.length;
		} finally {
			await opened.dispose();
		}
	} else {
		// The way before streaming: the whole file decoded into arrays and handed to the worker.
		const decoded = await decodeToPcm16kMono(file);
		const result = await engine.transcribe(decoded.channels, request, { transfer: true });
		({ duration } = result);
		segments = result.segments.length;
	}
	console.log(
		JSON.stringify({
			ok: true,
			peakRssMb: peakRssMb(),
			duration,
			segments,
			seconds: Math.round((performance.now() - started) / 100) / 10,
		}),
	);
} catch (e) {
	console.log(JSON.stringify({ ok: false, peakRssMb: peakRssMb(), error: (e as Error).message }));
} finally {
	await engine.dispose();
}
