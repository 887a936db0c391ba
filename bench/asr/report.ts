import { BATCH, type FeatureTimes, type ModelTimes } from './components';
import type { EngineRun } from './engine-run';
import type { Comparison } from './tuning';
import { round } from './stats';

export interface BenchResult {
	date: string;
	machine: { cpu: string; cores: number; node: string; onnxruntime: string; transformers: string };
	load: { start: [number, number, number]; end?: [number, number, number] };
	features?: FeatureTimes;
	models: ({ model: string; dtype: string } & ModelTimes)[];
	comparisons: Comparison[];
	engine: EngineRun[];
}

/** The issue's targets and whisper.cpp on this machine (base, q8_0). */
export const TARGETS = {
	baseQ8TenMinutesS: 25,
	eventLoopP99Ms: 50,
	whisperCpp: { encoderMs: 1350, msPerToken: 4.8, tenMinutesS: 37 },
};

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
				`greedy, batch of ${BATCH} (per window)`,
				'window (features + encoder + 100 tokens)',
			]),
			row(['---', '---', '---', '---', '---', '---', '---']),
			...r.models.map((m) =>
				row([
					m.model,
					m.dtype,
					ms(m.encoderMs),
					ms(m.generateMsPerToken),
					`${ms(m.decoderMsPerToken)} (${vs(m.generateMsPerToken, m.decoderMsPerToken)})`,
					`${ms(m.batchMsPerToken)} (${vs(m.generateMsPerToken, m.batchMsPerToken)})`,
					ms(m.windowMs),
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
	const base = r.engine.find(
		(e) => e.model === 'whisper-base' && e.dtype === 'q8' && e.batch !== 1,
	);
	const baseTimes = r.models.find((m) => m.model === 'whisper-base' && m.dtype === 'q8');
	if (base || baseTimes) {
		const t = TARGETS;
		out.push(
			row(['target (base q8)', 'goal', 'measured', 'verdict']),
			row(['---', '---', '---', '---']),
		);
		if (base) {
			out.push(
				row([
					'10 min of speech',
					`≤ ${t.baseQ8TenMinutesS} s (RTF ≤ 0.042)`,
					`${round(base.medianSeconds)} s`,
					base.medianSeconds <= t.baseQ8TenMinutesS ? 'met' : 'missed',
				]),
				row([
					'main event-loop delay p99',
					`< ${t.eventLoopP99Ms} ms`,
					`${round(base.eventLoopP99Ms)} ms`,
					base.eventLoopP99Ms < t.eventLoopP99Ms ? 'met' : 'missed',
				]),
				row([
					'vs whisper.cpp, 10 min',
					`${t.whisperCpp.tenMinutesS} s`,
					`${round(base.medianSeconds)} s`,
					vs(base.medianSeconds, t.whisperCpp.tenMinutesS),
				]),
			);
		}
		if (baseTimes) {
			out.push(
				row([
					'vs whisper.cpp, encoder',
					ms(t.whisperCpp.encoderMs),
					ms(baseTimes.encoderMs),
					vs(baseTimes.encoderMs, t.whisperCpp.encoderMs),
				]),
				row([
					'vs whisper.cpp, decoder / token',
					ms(t.whisperCpp.msPerToken),
					ms(baseTimes.decoderMsPerToken),
					vs(baseTimes.decoderMsPerToken, t.whisperCpp.msPerToken),
				]),
				row([
					`vs whisper.cpp, decoder / token in batches of ${BATCH}`,
					ms(t.whisperCpp.msPerToken),
					ms(baseTimes.batchMsPerToken),
					vs(baseTimes.batchMsPerToken, t.whisperCpp.msPerToken),
				]),
			);
		}
		out.push('');
	}
	return out.join('\n');
}
