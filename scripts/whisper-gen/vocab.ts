// Whisper token layout: byte-level BPE text tokens, then the special tokens in
// the multilingual order, then 1501 timestamp tokens <|0.00|> … <|30.00|>.
import { WHISPER_LANGUAGE_CODES } from './languages.js';

export interface Vocab {
	/** Byte-level strings of the BPE tokens (ids 0 … eot-1). */
	textTokens: string[];
	merges: [string, string][];
	/** Special tokens in id order, starting at `eot`; the last is <|notimestamps|>. */
	specialTokens: string[];
	space: number;
	eot: number;
	sot: number;
	noTimestamps: number;
	timestampBegin: number;
	timestampCount: number;
	size: number;
	specialId: (token: string) => number;
	/** Text tokens the steered model may emit (see steering.ts). */
	isPlainText: (id: number) => boolean;
}

const TIMESTAMP_COUNT = 1501;
const SPACE = 'Ġ';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** GPT-2 byte → printable character table, in vocabulary order (space is id 220). */
function byteLevelAlphabet(): string[] {
	const printable: number[] = [];
	for (let b = 33; b <= 126; b++) printable.push(b);
	for (let b = 161; b <= 172; b++) printable.push(b);
	for (let b = 174; b <= 255; b++) printable.push(b);
	const chars = printable.map((b) => String.fromCharCode(b));
	let shifted = 0;
	for (let b = 0; b < 256; b++) {
		if (!printable.includes(b)) chars.push(String.fromCharCode(256 + shifted++));
	}
	return chars;
}

/**
 * Synthesises merges of lowercase letters (with and without a leading space)
 * until `count` tokens exist, shortest first, so every merge's parts precede it.
 */
function synthesiseMerges(count: number): [string, string][] {
	const letters = [...LETTERS];
	const merges: [string, string][] = [];
	let spaced = [SPACE];
	let plain = letters;
	for (;;) {
		for (const stem of [...spaced, ...plain]) {
			for (const letter of letters) {
				if (merges.length === count) return merges;
				merges.push([stem, letter]);
			}
		}
		spaced = spaced.flatMap((s) => letters.map((l) => s + l));
		plain = plain.flatMap((s) => letters.map((l) => s + l));
	}
}

export function buildVocab(textTokenCount: number): Vocab {
	const bytes = byteLevelAlphabet();
	const merges = synthesiseMerges(textTokenCount - bytes.length);
	const textTokens = [...bytes, ...merges.map(([a, b]) => a + b)];
	const specialTokens = [
		'<|endoftext|>',
		'<|startoftranscript|>',
		...WHISPER_LANGUAGE_CODES.map((code) => `<|${code}|>`),
		'<|translate|>',
		'<|transcribe|>',
		'<|startoflm|>',
		'<|startofprev|>',
		'<|nocaptions|>',
		'<|notimestamps|>',
	];
	const eot = textTokens.length;
	const id = (token: string): number => {
		const index = specialTokens.indexOf(token);
		if (index < 0) throw new Error(`unknown special token ${token}`);
		return eot + index;
	};
	const timestampBegin = eot + specialTokens.length;
	const plainBytes = new Set([...LETTERS, SPACE, '.', ','].map((c) => bytes.indexOf(c)));
	return {
		textTokens,
		merges,
		specialTokens,
		space: bytes.indexOf(SPACE),
		eot,
		sot: id('<|startoftranscript|>'),
		noTimestamps: id('<|notimestamps|>'),
		timestampBegin,
		timestampCount: TIMESTAMP_COUNT,
		size: timestampBegin + TIMESTAMP_COUNT,
		specialId: id,
		// Merged tokens are all letters; of the raw bytes only letters, space and . , are allowed.
		isPlainText: (tokenId) => (tokenId >= bytes.length ? tokenId < eot : plainBytes.has(tokenId)),
	};
}
