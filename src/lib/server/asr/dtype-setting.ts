import type { Dtype, SubModel } from './registry';
import type { DtypeChoice } from './types';

/** Parses WHISPER_DTYPE (already validated by the env schema) into a dtype choice. */
export function parseDtypeSetting(value: string | undefined): DtypeChoice | undefined {
	if (!value) return undefined;
	if (!value.includes('=')) return value as Dtype;
	const out: Partial<Record<SubModel, Dtype>> = {};
	for (const pair of value.split(',').filter(Boolean)) {
		const [sub, dtype] = pair.split('=') as [SubModel, Dtype];
		out[sub] = dtype;
	}
	return out;
}
