import { Tensor } from '@huggingface/transformers';
import type { GreedyRow } from './greedy-decoder';
import {
	encoderFrames,
	SAMPLE_RATE,
	type AsrChunk,
	type WhisperParts,
	type WindowSegment,
} from './whisper-types';

/*
 * From decoded token sequences to segments with times, confidences and word timings, through the
 * tokenizer's own `_decode_asr` and the model's DTW, so the result is the library's own.
 */

/** Segments (and words, when timed) from a decoded sequence: the prefix, then new tokens. */
export function windowSegments(
	parts: WhisperParts,
	samples: Float32Array,
	init: number[],
	sequence: number[],
	logprobs: number[],
	tokenTimes: () => number[] | null,
): WindowSegment[] {
	const { model, tokenizer } = parts;
	const generated = sequence.slice(init.length);
	const sot = init.indexOf(model.generation_config.decoder_start_token_id);
	const tokens = sequence.slice(sot).map(BigInt);
	const timePrecision = 30 / model.config.max_source_positions;
	const stride = [samples.length / SAMPLE_RATE, 0, 0];

	const [, seg] = tokenizer._decode_asr([{ tokens, stride }], {
		return_timestamps: true,
		time_precision: timePrecision,
		force_full_sequences: false,
	});
	const runs = textRuns(generated, logprobs, {
		firstSpecial: model.generation_config.eos_token_id,
		timestampBegin: tokenizer.timestamp_begin,
	});
	const scores = groupScores(runs);
	const segments: WindowSegment[] = (seg.chunks ?? [])
		.filter((c) => c.text.trim())
		.map((c, i, all) => ({
			start: c.timestamp[0],
			end: c.timestamp[1] ?? samples.length / SAMPLE_RATE,
			text: c.text.trim(),
			avgLogprob: all.length === scores.groups.length ? scores.groups[i]! : scores.mean,
		}));

	const times = tokenTimes();
	if (times) {
		const first = Math.max(
			sequence.findIndex((t) => t >= tokenizer.timestamp_begin),
			0,
		);
		const [, word] = tokenizer._decode_asr(
			[
				{
					tokens: sequence.slice(first).map(BigInt),
					token_timestamps: times.slice(first),
					stride,
				},
			],
			{ return_timestamps: 'word', time_precision: timePrecision, force_full_sequences: false },
		);
		const chunks = word.chunks ?? [];
		const probabilities = wordProbabilities(parts, runs);
		attachWords(segments, chunks, probabilities.length === chunks.length ? probabilities : []);
	}
	return segments;
}

/**
 * Each word's probability, the mean of its tokens' (as OpenAI's Whisper computes it), in the
 * order word timestamps list the words: the text between timestamp tokens, grouped into
 * words by the tokenizer's own rule (the one `_decode_asr` applies, without a language since
 * its word pass starts after the language token).
 */
function wordProbabilities(parts: WhisperParts, runs: TextRun[]): number[] {
	return runs.flatMap((run) => {
		const [, , indices] = parts.tokenizer.combineTokensIntoWords(run.tokens, undefined);
		return indices.map(
			(ix) =>
				ix.reduce((sum, i) => sum + Math.exp(run.logprobs[i] ?? -Infinity), 0) /
				Math.max(1, ix.length),
		);
	});
}

/**
 * Word timing with the library's DTW (as `generate()` does), from the alignment heads'
 * attention the loop kept. The library wants every layer's attention; layers without an
 * alignment head get a placeholder it never reads, and heads are renumbered within their
 * layer, in the same order, so the result is the library's own.
 */
export function tokenTimes(
	parts: WhisperParts,
	row: GreedyRow,
	init: number[],
	samples: Float32Array,
): number[] | null {
	const heads = parts.model.generation_config.alignment_heads;
	if (!row.attention || !heads) return null;
	const frames = encoderFrames(samples);
	const byLayer = new Map<number, number[]>();
	heads.forEach(([layer], i) => byLayer.set(layer!, [...(byLayer.get(layer!) ?? []), i]));
	const renumbered = heads.map(([layer], i) => [layer!, byLayer.get(layer!)!.indexOf(i)]);
	const crossAttentions = row.attention.map((step) => {
		const tokens = step[0]!.length / frames;
		return Array.from({ length: parts.model.config.decoder_layers }, (_, layer) => {
			const mine = byLayer.get(layer);
			if (!mine) return new Tensor('float32', new Float32Array(tokens), [1, 1, tokens, 1]);
			const data = new Float32Array(mine.length * tokens * frames);
			mine.forEach((h, k) => data.set(step[h]!, k * tokens * frames));
			return new Tensor('float32', data, [1, mine.length, tokens, frames]);
		});
	});
	const times = parts.model._extract_token_timestamps(
		{
			cross_attentions: crossAttentions,
			sequences: new Tensor('int64', BigInt64Array.from(row.sequence, BigInt), [
				1,
				row.sequence.length,
			]),
		},
		renumbered,
		frames,
		0.02,
		init.length,
	);
	return (times.tolist() as number[][])[0]!;
}

interface TextRun {
	tokens: number[];
	logprobs: (number | undefined)[];
}

/** The text tokens between timestamp tokens, run by run, with their log-probabilities. */
function textRuns(
	tokens: number[],
	logprobs: number[],
	ids: { firstSpecial: number; timestampBegin: number },
): TextRun[] {
	const runs: TextRun[] = [];
	let run: TextRun = { tokens: [], logprobs: [] };
	const close = () => {
		if (run.tokens.length) runs.push(run);
		run = { tokens: [], logprobs: [] };
	};
	tokens.forEach((t, i) => {
		if (t >= ids.timestampBegin) close();
		else if (t < ids.firstSpecial) {
			run.tokens.push(t);
			run.logprobs.push(logprobs[i]);
		}
	});
	close();
	return runs;
}

/** Mean log-probability of each run of text tokens, and of all of them. */
function groupScores(runs: TextRun[]) {
	const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	const known = runs
		.map((r) => r.logprobs.filter((lp): lp is number => lp !== undefined))
		.filter((lps) => lps.length);
	const all = known.flat();
	return { groups: known.map(mean), mean: all.length ? mean(all) : -1 };
}

/** Gives each segment the words whose midpoint falls inside it. */
function attachWords(segments: WindowSegment[], words: AsrChunk[], probabilities: number[]): void {
	for (const s of segments) s.words = [];
	for (const [i, w] of words.entries()) {
		const start = w.timestamp[0];
		const end = w.timestamp[1] ?? start;
		const mid = (start + end) / 2;
		const target =
			segments.find((s) => mid >= s.start && mid <= s.end) ??
			segments.reduce<WindowSegment | undefined>(
				(best, s) =>
					!best ||
					Math.abs((s.start + s.end) / 2 - mid) < Math.abs((best.start + best.end) / 2 - mid)
						? s
						: best,
				undefined,
			);
		const probability = probabilities[i];
		target?.words?.push({
			word: w.text,
			start,
			end,
			...(probability === undefined ? {} : { probability }),
		});
	}
}
