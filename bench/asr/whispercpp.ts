import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchPreset } from './models';

/**
 * whisper.cpp beside our engine, in the same benchmark run: `../shared/tools/whispercpp-bench.sh`
 * builds whisper.cpp once from a checkout (WHISPER_CPP_SRC) into WCPP_BUILD, writes random-weight
 * q8_0 ggml models at the real dimensions and prints whisper-bench's encoder ms and decoder ms
 * per token (best of its runs, one token per decode call, 2 threads by default).
 */
export interface WhisperCppTimes {
	model: string;
	encoderMs: number;
	msPerToken: number;
	runs: number;
	threads: number;
}

export const WHISPERCPP_SCRIPT =
	process.env.WHISPERCPP_BENCH ??
	path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'tools', 'whispercpp-bench.sh');

/** Our preset → the whisper.cpp test header it starts from, and the hparams to change. */
const GGML: Record<
	BenchPreset,
	{ from: string; nMels?: number; nVocab?: number; textLayers?: number }
> = {
	tiny: { from: 'tiny' },
	base: { from: 'base' },
	small: { from: 'small' },
	medium: { from: 'medium' },
	// whisper.cpp ships only a large-v2 test header; v3 has 128 mel bins and 51,866 tokens,
	// turbo 4 decoder layers.
	'large-v3': { from: 'large', nMels: 128, nVocab: 51866 },
	'large-v3-turbo': { from: 'large', nMels: 128, nVocab: 51866, textLayers: 4 },
};

export function measureWhisperCpp(preset: BenchPreset, runs: number): WhisperCppTimes {
	const src = process.env.WHISPER_CPP_SRC;
	if (!src) throw new Error('--compare-whispercpp needs WHISPER_CPP_SRC (a whisper.cpp checkout)');
	if (!existsSync(WHISPERCPP_SCRIPT)) throw new Error(`no ${WHISPERCPP_SCRIPT}`);
	const build = process.env.WCPP_BUILD ?? '/tmp/whispercpp-build';
	const threads = Number(process.env.THREADS ?? 2);
	const name = preset;
	const spec = GGML[preset];
	if (spec.from !== name) {
		// The script reads models/for-tests-ggml-<name>.bin from its clone: write one for the
		// v3 dimensions once the clone exists (a first call with `tiny` builds it).
		const dir = path.join(build, 'models');
		if (!existsSync(path.join(dir, `for-tests-ggml-${spec.from}.bin`))) {
			run(src, build, threads, 'tiny', 1);
		}
		patchHeader(
			path.join(dir, `for-tests-ggml-${spec.from}.bin`),
			path.join(dir, `for-tests-ggml-${name}.bin`),
			spec,
		);
	}
	const [encoderMs, msPerToken] = run(src, build, threads, name, runs);
	return { model: `whisper.cpp ${name} q8_0`, encoderMs, msPerToken, runs, threads };
}

function run(src: string, build: string, threads: number, model: string, runs: number) {
	const out = execFileSync('bash', [WHISPERCPP_SCRIPT, model, String(runs)], {
		env: { ...process.env, WHISPER_CPP_SRC: src, WCPP_BUILD: build, THREADS: String(threads) },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 1 << 20,
	});
	const [enc, dec] = out.trim().split(/\s+/).map(Number);
	if (!Number.isFinite(enc) || !Number.isFinite(dec)) {
		throw new Error(`unexpected whispercpp-bench.sh output: ${out}`);
	}
	return [enc!, dec!] as const;
}

/** A copy of a whisper.cpp test header (hparams, mel filters, vocabulary) with other hparams. */
function patchHeader(
	from: string,
	to: string,
	spec: { nMels?: number; nVocab?: number; textLayers?: number },
): void {
	let buf = readFileSync(from);
	// int32 hparams after the magic: n_vocab, audio ctx/state/head/layer, text
	// ctx/state/head/layer, n_mels, ftype; then the mel filter bank (n_mel, n_fft, floats).
	if (spec.nVocab) buf.writeInt32LE(spec.nVocab, 4);
	if (spec.textLayers) buf.writeInt32LE(spec.textLayers, 36);
	if (spec.nMels) {
		buf.writeInt32LE(spec.nMels, 40);
		// whisper_set_mel checks the filter bank's row count, so it gets nMels rows (zeros: the
		// benchmark feeds its own empty mel and never computes one).
		const [rows, cols] = [buf.readInt32LE(48), buf.readInt32LE(52)];
		const filters = Buffer.alloc(8 + spec.nMels * cols * 4);
		filters.writeInt32LE(spec.nMels, 0);
		filters.writeInt32LE(cols, 4);
		buf = Buffer.concat([buf.subarray(0, 48), filters, buf.subarray(56 + rows * cols * 4)]);
	}
	writeFileSync(to, buf);
}
