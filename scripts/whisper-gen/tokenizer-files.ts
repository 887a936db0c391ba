// tokenizer.json (byte-level BPE) and tokenizer_config.json. Timestamp tokens
// must be non-special added tokens and <|notimestamps|> the last special one:
// transformers.js takes the first timestamp id as the last special id + 1.
import type { Vocab } from './vocab.js';

function addedToken(id: number, content: string, special: boolean): object {
	return {
		id,
		content,
		single_word: false,
		lstrip: false,
		rstrip: false,
		normalized: false,
		special,
	};
}

function timestampText(index: number): string {
	return `<|${(index * 0.02).toFixed(2)}|>`;
}

export function tokenizerJson(vocab: Vocab): object {
	const byteLevel = {
		add_prefix_space: false,
		trim_offsets: true,
		use_regex: true,
	};
	return {
		version: '1.0',
		truncation: null,
		padding: null,
		added_tokens: [
			...vocab.specialTokens.map((token, i) => addedToken(vocab.eot + i, token, true)),
			...Array.from({ length: vocab.timestampCount }, (_, i) =>
				addedToken(vocab.timestampBegin + i, timestampText(i), false),
			),
		],
		normalizer: null,
		pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
		post_processor: { type: 'ByteLevel', ...byteLevel, trim_offsets: false },
		decoder: { type: 'ByteLevel', ...byteLevel, add_prefix_space: true },
		model: {
			type: 'BPE',
			dropout: null,
			unk_token: null,
			continuing_subword_prefix: '',
			end_of_word_suffix: '',
			fuse_unk: false,
			byte_fallback: false,
			vocab: Object.fromEntries(vocab.textTokens.map((token, id) => [token, id])),
			merges: vocab.merges.map(([a, b]) => `${a} ${b}`),
		},
	};
}

export function tokenizerConfig(): object {
	return {
		tokenizer_class: 'WhisperTokenizer',
		processor_class: 'WhisperProcessor',
		bos_token: '<|endoftext|>',
		eos_token: '<|endoftext|>',
		pad_token: '<|endoftext|>',
		unk_token: '<|endoftext|>',
		add_prefix_space: false,
		clean_up_tokenization_spaces: true,
		errors: 'replace',
		model_max_length: 1024,
		return_attention_mask: false,
	};
}
