// Steering of the random model. Left alone, random weights emit special tokens
// and stray timestamps (which make transformers.js' decoding throw) and almost
// never emit <|endoftext|>. The decoder therefore adds a low-rank,
// position-dependent bias to its logits, with positions counted from
// <|startoftranscript|> (sot-anchor.ts) so that an initial prompt changes nothing:
//
//   logits[pos, token] += Σ_c positionTable[pos, c] · tokenTable[c, token]
//
// with five channels:
//   0. constant: plain text (letters, space, '.', ',') +0.5 (space +1);
//      other bytes and every special token except <|endoftext|> -100, but
//      <|en|> -50 so that language detection over language tokens says English.
//   1. EOS: <|endoftext|> gets -20 before position 40 and +20 from position 40,
//      so a transcript ends after about 37 text tokens in every mode.
//   2-4. timestamps: a Gaussian bump (in probability) over the 1501 timestamp
//      tokens, centred on 0.1 s per decoder position (<|0.00|> right after the
//      prompt), so timestamps increase. Its peak is 0 on two consecutive
//      "segment boundary" positions every 8 and -30 elsewhere. At a boundary
//      the bump's total probability beats every text token, so
//      WhisperTimeStampLogitsProcessor (return_timestamps) emits a timestamp
//      pair there, while no single timestamp beats the best text token, so
//      plain transcription emits none. Position 39 is a boundary and 40 is
//      EOS, so a timestamped sequence ends "text <|t|> <|endoftext|>" (a single
//      timestamp ending: the seek loop then consumes the whole window).
//
// Timestamp rows of the token embedding are zero, so the network itself adds
// nothing to timestamp logits; text logits come from the random network with a
// standard deviation of about RANDOM_LOGIT_STD.
import { uniformArray } from './prng.js';
import { bumpBasis, bumpCoefficients, positionTick } from './timeline.js';
import type { Vocab } from './vocab.js';

/** A multiple of SEGMENT_LENGTH, so that the position before it is a boundary. */
const EOS_POSITION = 40;
const SEGMENT_LENGTH = 8;
const SUPPRESSED = -100;
const DETECTED_LANGUAGE = '<|en|>';
const DETECTED_LANGUAGE_BIAS = -50;
const PLAIN_TEXT_BIAS = 0.5;
/** Extra bias for the space byte, so that the fixture's text splits into words. */
const SPACE_BONUS = 0.5;
const EOS_BIAS = 20;
const TIMESTAMP_OFF = -30;
/** Bump width (standard deviation) in timestamp tokens: 1.5 s. */
const TIMESTAMP_WIDTH = 75;
const RANDOM_LOGIT_STD = 0.5;
export const STEERING_CHANNELS = 5;

function isBoundary(pos: number): boolean {
	const phase = pos % SEGMENT_LENGTH;
	return pos >= SEGMENT_LENGTH - 1 && (phase === SEGMENT_LENGTH - 1 || phase === 0);
}

/** [maxPositions, channels] */
export function positionTable(maxPositions: number, timestampCount: number): Float32Array {
	const table = new Float32Array(maxPositions * STEERING_CHANNELS);
	for (let pos = 0; pos < maxPositions; pos++) {
		const peak = isBoundary(pos) ? 0 : TIMESTAMP_OFF;
		const bump = bumpCoefficients(peak, positionTick(pos), TIMESTAMP_WIDTH, timestampCount - 1);
		table.set([1, pos >= EOS_POSITION ? EOS_BIAS : -EOS_BIAS, ...bump], pos * STEERING_CHANNELS);
	}
	return table;
}

/** Channel 0: the constant bias of a non-timestamp token. */
function constantBias(vocab: Vocab, id: number, detectedLanguage: number): number {
	if (id === vocab.space) return PLAIN_TEXT_BIAS + SPACE_BONUS;
	if (vocab.isPlainText(id)) return PLAIN_TEXT_BIAS;
	if (id === vocab.eot) return 0;
	return id === detectedLanguage ? DETECTED_LANGUAGE_BIAS : SUPPRESSED;
}

/** [channels, vocab] */
export function tokenTable(vocab: Vocab): Float32Array {
	const n = vocab.size;
	const table = new Float32Array(STEERING_CHANNELS * n);
	const detectedLanguage = vocab.specialId(DETECTED_LANGUAGE);
	for (let id = 0; id < vocab.timestampBegin; id++) {
		table[id] = constantBias(vocab, id, detectedLanguage);
	}
	table[n + vocab.eot] = 1;
	for (let k = 0; k < vocab.timestampCount; k++) {
		bumpBasis(k, vocab.timestampCount - 1).forEach(
			(v, c) => (table[(2 + c) * n + vocab.timestampBegin + k] = v),
		);
	}
	return table;
}

/**
 * Learned decoder positions with unit variance, far larger than the token
 * embeddings: otherwise the hidden state hardly changes between steps and
 * greedy decoding cycles through a few tokens.
 */
export function positionEmbedding(
	seed: number,
	name: string,
	maxPositions: number,
	dModel: number,
): Float32Array {
	return uniformArray(seed, name, maxPositions * dModel, 1);
}

/** Random token embedding with zero timestamp rows; doubles as the output head. */
export function embeddingTable(
	seed: number,
	name: string,
	vocab: Vocab,
	dModel: number,
): Float32Array {
	const table = uniformArray(seed, name, vocab.size * dModel, RANDOM_LOGIT_STD / Math.sqrt(dModel));
	table.fill(0, vocab.timestampBegin * dModel);
	return table;
}
