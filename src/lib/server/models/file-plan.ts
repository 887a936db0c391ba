import { DomainError } from '../infra/errors';
import { DTYPE_SUFFIX, REQUIRED_FILES, SUB_MODELS, type Dtype } from '../asr';
import type { HubFile } from './hub';

/**
 * The files to fetch: `files` when the catalogue names them (diarization models), else a Whisper
 * model's for one dtype; only those, never the whole repository.
 */
export function planFiles(
	listing: HubFile[],
	repo: string,
	dtype: string,
	files?: readonly string[],
): HubFile[] {
	const wanted = files ?? [
		...REQUIRED_FILES,
		...SUB_MODELS.map((m) => `onnx/${m}${DTYPE_SUFFIX[dtype as Dtype] ?? ''}.onnx`),
	];
	const byPath = new Map(listing.map((f) => [f.path, f]));
	const missing = wanted.filter((p) => !byPath.has(p));
	if (missing.length) {
		throw new DomainError(
			'BAD_REQUEST',
			files
				? `'${repo}' lacks ${missing.join(', ')}`
				: `'${repo}' is not a Whisper model in transformers.js layout with ${dtype} files (missing ${missing.join(', ')})`,
			{ missing },
		);
	}
	return wanted.map((p) => byPath.get(p)!);
}
