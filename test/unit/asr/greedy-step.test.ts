import {
	SuppressTokensAtBeginLogitsProcessor,
	SuppressTokensLogitsProcessor,
	Tensor,
	WhisperTimeStampLogitsProcessor,
} from '@huggingface/transformers';
import { Tensor as OrtTensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { chooseToken } from '../../../src/lib/server/asr/greedy-decoder';
import {
	createLogSumExpSession,
	LSE_INPUT,
	LSE_OUTPUT,
} from '../../../src/lib/server/asr/logsumexp-graph';
import { TokenScoreRecorder } from '../../../src/lib/server/asr/token-scores';

/*
 * One decoding step of our greedy loop against transformers.js' own processor chain (the one
 * its generate() builds for Whisper) on random rows made to be hard: ties, masked tokens, rows
 * where the timestamps' mass and the best text token are close, sequences ending in timestamp
 * pairs. A small vocabulary in Whisper's layout: text, end of text, specials, <|notimestamps|>,
 * then timestamps.
 */
const EOS = 50;
const NO_TS = 60;
const TS_BEGIN = NO_TS + 1;
const VOCAB = 140;
const SUPPRESS = [3, 7, 55];
const BEGIN_SUPPRESS = [10, EOS];
const INIT = [51, 52, 53];

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

function libraryStep(row: Float32Array, sequence: number[]) {
	const ids = [sequence.map(BigInt)];
	const logits = new Tensor('float32', row.slice(), [1, VOCAB]);
	const recorder = new TokenScoreRecorder(VOCAB);
	const chain = [
		new SuppressTokensLogitsProcessor(SUPPRESS),
		new SuppressTokensAtBeginLogitsProcessor(BEGIN_SUPPRESS, INIT.length),
		recorder,
		new WhisperTimeStampLogitsProcessor(
			{
				eos_token_id: EOS,
				no_timestamps_token_id: NO_TS,
				max_initial_timestamp_index: null,
			} as never,
			INIT,
		),
		new SuppressTokensAtBeginLogitsProcessor(BEGIN_SUPPRESS, INIT.length),
	];
	for (const p of chain) p._call(ids, logits);
	// The greedy sampler: the first index of the maximum.
	const data = logits.data as Float32Array;
	let token = 0;
	for (let i = 1; i < data.length; i++) if (data[i]! > data[token]!) token = i;
	recorder.finish(token);
	return { token, logprob: recorder.logprobs[0]! };
}

function randomCase(next: () => number) {
	const kind = Math.floor(next() * 4);
	const row = new Float32Array(VOCAB);
	for (let i = 0; i < VOCAB; i++) {
		if (kind === 0)
			row[i] = Math.round(next() * 4); // many ties
		else if (kind === 1) row[i] = next() < 0.2 ? -Infinity : next() * 20 - 10;
		else row[i] = next() * 6;
	}
	if (kind === 3) {
		// The timestamps' total mass about equal to the best text token's.
		const text = Math.floor(next() * EOS);
		row[text] = 8;
		const share = Math.log(Math.exp(8) / (VOCAB - TS_BEGIN)) + (next() - 0.5) * 4e-6;
		for (let i = TS_BEGIN; i < VOCAB; i++) row[i] = share;
	}
	const sequence = [...INIT];
	const extra = Math.floor(next() * 6);
	for (let i = 0; i < extra; i++) {
		sequence.push(
			next() < 0.4 ? TS_BEGIN + Math.floor(next() * (VOCAB - TS_BEGIN)) : Math.floor(next() * EOS),
		);
	}
	return { row, sequence };
}

describe('one greedy step', () => {
	it('picks the token and log-probability transformers.js picks, on 20,000 hard rows', () => {
		const next = rng(42);
		let differences = 0;
		const reasons = new Set<string>();
		for (let n = 0; n < 20_000; n++) {
			const { row, sequence } = randomCase(next);
			const theirs = libraryStep(row, sequence);
			const ours = chooseToken(row.slice(), sequence, INIT.length, SUPPRESS, {
				eos: EOS,
				noTimestamps: NO_TS,
				beginSuppress: BEGIN_SUPPRESS,
			});
			if (ours.token !== theirs.token || !Object.is(ours.logprob, theirs.logprob)) {
				differences++;
				reasons.add(JSON.stringify({ sequence, ours, theirs }));
			}
		}
		expect([...reasons].slice(0, 3)).toEqual([]);
		expect(differences).toBe(0);
	});

	it('with the log-sum-exp from onnxruntime (float32): the same tokens, log-probabilities within 1e-5', async () => {
		const session = await createLogSumExpSession();
		const next = rng(7);
		const spec = { eos: EOS, noTimestamps: NO_TS, beginSuppress: BEGIN_SUPPRESS };
		try {
			for (let n = 0; n < 2_000; n++) {
				const { row, sequence } = randomCase(next);
				const theirs = libraryStep(row, sequence);
				const masked = row.slice();
				for (const t of SUPPRESS) masked[t] = -Infinity;
				if (sequence.length === INIT.length) for (const t of BEGIN_SUPPRESS) masked[t] = -Infinity;
				const out = await session.run({
					[LSE_INPUT]: new OrtTensor('float32', masked, [1, VOCAB]),
				});
				const lse = (out[LSE_OUTPUT]!.data as Float32Array)[0]!;
				const ours = chooseToken(masked, sequence, INIT.length, SUPPRESS, spec, lse);
				expect(ours.token).toBe(theirs.token);
				expect(Math.abs(ours.logprob - theirs.logprob)).toBeLessThan(1e-5);
			}
		} finally {
			await session.release();
		}
	});

	it('forces a timestamp first, then keeps timestamps in pairs', () => {
		const row = new Float32Array(VOCAB).fill(0);
		row[5] = 10; // a text token is by far the most likely
		const spec = { eos: EOS, noTimestamps: NO_TS, beginSuppress: BEGIN_SUPPRESS };
		const first = chooseToken(row.slice(), [...INIT], INIT.length, SUPPRESS, spec);
		expect(first.token).toBeGreaterThanOrEqual(TS_BEGIN);
		// After text and one timestamp: text is not allowed, only a timestamp or end of text.
		const afterOne = chooseToken(row.slice(), [...INIT, 5, TS_BEGIN + 3], INIT.length, [], spec);
		expect(afterOne.token === EOS || afterOne.token >= TS_BEGIN).toBe(true);
		// After a pair: text again.
		const afterPair = chooseToken(
			row.slice(),
			[...INIT, 5, TS_BEGIN + 3, TS_BEGIN + 3],
			INIT.length,
			[],
			spec,
		);
		expect(afterPair.token).toBe(5);
	});
});
