import { TOKENS_PER_WINDOW, type FeatureTimes, type ModelTimes } from './components';
import type { EngineRun } from './engine-run';
import { SERVER_BATCH, type MemoryRun } from './memory';
import type { BenchPreset } from './models';
import type { Comparison } from './tuning';
import { round } from './stats';
import type { WhisperCppTimes } from './whispercpp';

export interface BenchResult {
	date: string;
	machine: { cpu: string; cores: number; node: string; onnxruntime: string; transformers: string };
	load: { start: [number, number, number]; end?: [number, number, number] };
	features?: FeatureTimes;
	models: ({ model: string; dtype: string } & ModelTimes)[];
	whisperCpp: ({ preset: BenchPreset; id: string } & WhisperCppTimes)[];
	/** Models whisper.cpp could not be measured on (see the log for why). */
	whisperCppFailed: BenchPreset[];
	comparisons: Comparison[];
	engine: EngineRun[];
	memory: MemoryRun[];
}

/** Targets for base q8 on this machine (docs/benchmarks.md). */
export const TARGETS = {
	baseQ8TenMinutesS: 25,
	eventLoopP99Ms: 50,
	/** Against whisper.cpp on the same machine and run, 10 minutes. */
	whisperCppRatio: 2,
	baseQ8PeakRssMb: 600,
};

/** The 10 minutes the engine section transcribes: 21 windows of 100 tokens. */
export const TEN_MINUTES = { windows: 21, tokens: TOKENS_PER_WINDOW };

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const ms = (x: number) => `${round(x, x < 10 ? 2 : 0)} ms`;
const vs = (ours: number, ref: number) => `${round(ours / ref, 2)}×`;

export function markdown(r: BenchResult): string {
	const out: string[] = [];
	out.push(
		`ASR benchmark, ${r.date}: ${r.machine.cores} × ${r.machine.cpu}; Node ${r.machine.node}, ` +
			`onnxruntime-node ${r.machine.onnxruntime}, transformers.js ${r.machine.transformers}. ` +
			`Load average (1/5/15 min) at start ${r.load.start.join('/')}, at end ${r.load.end?.join('/')}.`,
		'',
	);
	if (r.features) {
		out.push(
			row(['log-mel features, one 30 s window', 'median', 'runs']),
			row(['---', '---', '---']),
			row(['ours (features/)', ms(r.features.oursMs), r.features.runs]),
			row([
				'transformers.js WhisperFeatureExtractor',
				ms(r.features.transformersMs),
				r.features.runs,
			]),
			'',
		);
	}
	if (r.models.length) {
		out.push(
			row([
				'model',
				'dtype',
				'encoder / 30 s window',
				'decoder / token: generate()',
				'greedy loop',
				'greedy, batched (per window)',
				'window (features + encoder + 100 tokens)',
				'3 s utterance, encoder on 5 s (+ features) / greedy per token',
			]),
			row(['---', '---', '---', '---', '---', '---', '---', '---']),
			...r.models.map((m) =>
				row([
					m.model,
					m.dtype,
					ms(m.encoderMs),
					ms(m.generateMsPerToken),
					`${ms(m.decoderMsPerToken)} (${vs(m.generateMsPerToken, m.decoderMsPerToken)})`,
					`${ms(m.batchMsPerToken)} (${vs(m.generateMsPerToken, m.batchMsPerToken)}; batch ${m.batch})`,
					ms(m.windowMs),
					m.utterance
						? `${ms(m.utterance.encoderMs)} / ${ms(m.utterance.decoderMsPerToken)}`
						: '30 s windows only',
				]),
			),
			'',
		);
	}
	if (r.engine.length) {
		out.push(
			row([
				'10 min through AsrEngine (VAD, worker, 100 tokens / window)',
				'windows',
				'seconds (median)',
				'RTF',
				'event-loop p99 / max',
				'runs',
				'load at end',
			]),
			row(['---', '---', '---', '---', '---', '---', '---']),
			...r.engine.map((e) =>
				row([
					`${e.model} ${e.dtype}, ${e.batch === 1 ? 'one window at a time' : `batches of ${e.batch}`}`,
					e.windows,
					`${round(e.medianSeconds)} s (${e.seconds.map((s) => round(s)).join(', ')})`,
					round(e.rtf, 3),
					`${round(e.eventLoopP99Ms)} / ${round(e.eventLoopMaxMs)} ms`,
					e.runs,
					e.load.join('/'),
				]),
			),
			'',
		);
	}
	if (r.comparisons.length) {
		out.push(
			row(['change', 'measured on', 'before', 'after', 'speed-up', 'runs', 'note']),
			row(['---', '---', '---', '---', '---', '---', '---']),
			...r.comparisons.map((c) =>
				row([
					c.change,
					c.what,
					ms(c.baselineMs),
					ms(c.changedMs),
					`${round(c.speedup, 2)}×`,
					c.runs,
					c.note ?? '',
				]),
			),
			'',
		);
	}
	out.push(...whisperCppTable(r), ...memoryTable(r), ...targetTable(r));
	return out.join('\n');
}

/** Our 10-minute estimate: per window features + encoder, then the tokens in batches. */
export function ourTenMinutesMs(m: ModelTimes): number {
	const { windows, tokens } = TEN_MINUTES;
	return windows * (m.featuresMs + m.encoderMs) + windows * tokens * m.batchMsPerToken;
}

export function whisperCppTenMinutesMs(w: WhisperCppTimes): number {
	const { windows, tokens } = TEN_MINUTES;
	return windows * w.encoderMs + windows * tokens * w.msPerToken;
}

function whisperCppTable(r: BenchResult): string[] {
	const failed = r.whisperCppFailed.length
		? [`whisper.cpp did not run for: ${r.whisperCppFailed.join(', ')} (see the log).`, '']
		: [];
	if (!r.whisperCpp.length) return failed;
	const out = [
		...failed,
		row([
			'model (q8), same run',
			'encoder / 30 s window',
			'decoder / token alone',
			'per window-token, batched',
			`10 min (${TEN_MINUTES.windows} × ${TEN_MINUTES.tokens} tokens)`,
			'whisper.cpp speed ÷ ours',
		]),
		row(['---', '---', '---', '---', '---', '---']),
	];
	for (const w of r.whisperCpp) {
		const m = r.models.find((x) => x.model === w.id && x.dtype === 'q8');
		const theirs = whisperCppTenMinutesMs(w);
		out.push(
			row([
				`${w.model} (best of ${w.runs}, ${w.threads} threads)`,
				ms(w.encoderMs),
				ms(w.msPerToken),
				'–',
				`${round(theirs / 1000)} s (estimate)`,
				'1×',
			]),
		);
		if (m) {
			const ours = ourTenMinutesMs(m);
			out.push(
				row([
					`MeetingScribe ${w.id} (median)`,
					`${ms(m.encoderMs)} (+ ${ms(m.featuresMs)} features)`,
					ms(m.decoderMsPerToken),
					`${ms(m.batchMsPerToken)} (batch ${m.batch})`,
					`${round(ours / 1000)} s (estimate)`,
					`**${vs(theirs, ours)}** (encoder ${vs(w.encoderMs, m.encoderMs)}, token alone ${vs(w.msPerToken, m.decoderMsPerToken)}, batched ${vs(w.msPerToken, m.batchMsPerToken)})`,
				]),
			);
		}
		const engine = r.engine.find((e) => e.model === w.id && e.batch !== 1);
		if (engine) {
			out.push(
				row([
					`MeetingScribe ${w.id}, the whole engine (VAD, worker, batches of ${engine.batch})`,
					'',
					'',
					'',
					`${round(engine.medianSeconds)} s (measured)`,
					`**${vs(theirs / 1000, engine.medianSeconds)}**`,
				]),
			);
		}
	}
	out.push('');
	return out;
}

function memoryTable(r: BenchResult): string[] {
	if (!r.memory.length) return [];
	return [
		row([
			'peak RSS (whole process, fresh)',
			'audio',
			'batch',
			'peak RSS',
			'RSS: main thread + audio',
			'+ engine worker',
			'+ model loaded',
			'after the job',
			'time',
		]),
		row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
		...r.memory.map((m) =>
			row([
				`${m.model} ${m.dtype}`,
				`${m.minutes} min`,
				m.batch,
				`${Math.round(m.peakRssMb)} MB`,
				`${Math.round(m.baselineRssMb)} MB`,
				`${Math.round(m.workerRssMb)} MB`,
				`${Math.round(m.loadedRssMb)} MB`,
				`${Math.round(m.endRssMb)} MB`,
				`${round(m.seconds)} s`,
			]),
		),
		'',
	];
}

function targetTable(r: BenchResult): string[] {
	const t = TARGETS;
	const base = r.engine.find(
		(e) => e.model === 'whisper-base' && e.dtype === 'q8' && e.batch !== 1,
	);
	const cpp = r.whisperCpp.find((w) => w.preset === 'base');
	// The issue's memory goal is for the server's settings (WHISPER_BATCH unset).
	const rss = r.memory.filter((m) => m.model === 'whisper-base' && m.batch === SERVER_BATCH);
	const out: string[] = [];
	const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
	if (base) {
		out.push(
			row([
				'10 min of speech',
				`≤ ${t.baseQ8TenMinutesS} s (RTF ≤ 0.042)`,
				`${round(base.medianSeconds)} s`,
				verdict(base.medianSeconds <= t.baseQ8TenMinutesS),
			]),
			row([
				'main event-loop delay p99',
				`< ${t.eventLoopP99Ms} ms`,
				`${round(base.eventLoopP99Ms)} ms`,
				verdict(base.eventLoopP99Ms < t.eventLoopP99Ms),
			]),
		);
		if (cpp) {
			const goal = whisperCppTenMinutesMs(cpp) / 1000 / t.whisperCppRatio;
			out.push(
				row([
					`10 min, ≥ ${t.whisperCppRatio}× whisper.cpp (same run)`,
					`≤ ${round(goal)} s`,
					`${round(base.medianSeconds)} s`,
					verdict(base.medianSeconds <= goal),
				]),
			);
		}
	}
	const m = r.models.find((x) => x.model === 'whisper-base' && x.dtype === 'q8');
	if (cpp && m) {
		out.push(
			row([
				'decoder step alone vs whisper.cpp',
				`≤ ${ms(cpp.msPerToken)}`,
				ms(m.decoderMsPerToken),
				verdict(m.decoderMsPerToken <= cpp.msPerToken),
			]),
		);
	}
	if (rss.length) {
		const worst = Math.max(...rss.map((x) => x.peakRssMb));
		out.push(
			row([
				`peak RSS, ${rss.map((x) => `${x.minutes} min`).join(', ')}, batch ${SERVER_BATCH}`,
				`≤ ${t.baseQ8PeakRssMb} MB`,
				`${Math.round(worst)} MB`,
				verdict(worst <= t.baseQ8PeakRssMb),
			]),
		);
	}
	if (!out.length) return [];
	return [
		row(['target (base q8)', 'goal', 'measured', 'verdict']),
		row(['---', '---', '---', '---']),
		...out,
		'',
	];
}
