import { DomainError } from '../infra/errors';
import type { HubFile } from './hub';

/** What transformers.js reads from a Whisper folder (shared/docs/whisper-onnx-facts.md). */
const JSON_FILES = [
	'config.json',
	'generation_config.json',
	'preprocessor_config.json',
	'tokenizer.json',
	'tokenizer_config.json',
];
const SUB_MODELS = ['encoder_model', 'decoder_model_merged'];
export const DTYPE_SUFFIX: Record<string, string> = {
	fp32: '',
	fp16: '_fp16',
	q8: '_quantized',
	int8: '_int8',
	uint8: '_uint8',
	q4: '_q4',
	q4f16: '_q4f16',
	bnb4: '_bnb4',
};

/** The files to fetch for one dtype: only those, never the whole repository. */
export function planFiles(listing: HubFile[], repo: string, dtype: string): HubFile[] {
	const wanted = [
		...JSON_FILES,
		...SUB_MODELS.map((m) => `onnx/${m}${DTYPE_SUFFIX[dtype] ?? ''}.onnx`),
	];
	const byPath = new Map(listing.map((f) => [f.path, f]));
	const missing = wanted.filter((p) => !byPath.has(p));
	if (missing.length) {
		throw new DomainError(
			'BAD_REQUEST',
			`'${repo}' is not a Whisper model in transformers.js layout with ${dtype} files (missing ${missing.join(', ')})`,
			{ missing },
		);
	}
	return wanted.map((p) => byPath.get(p)!);
}
