import { DomainError } from '../infra/errors';
import { DTYPE_SUFFIX, REQUIRED_FILES, SUB_MODELS, type Dtype } from '../asr';
import type { HubFile } from './hub';

/** The files to fetch for one dtype: only those, never the whole repository. */
export function planFiles(listing: HubFile[], repo: string, dtype: string): HubFile[] {
	const wanted = [
		...REQUIRED_FILES,
		...SUB_MODELS.map((m) => `onnx/${m}${DTYPE_SUFFIX[dtype as Dtype] ?? ''}.onnx`),
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
