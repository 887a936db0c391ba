import type { ModelListResponse, ModelNeed } from '$lib/contracts/models';

export type { ModelNeed };

/** The models this server's recording and transcription need and lack, each named once. */
export function missingModel(list: Pick<ModelListResponse, 'needs'>): ModelNeed[] {
	const seen = new Set<string>();
	return list.needs.filter((n) => !n.installed && !seen.has(n.model) && seen.add(n.model));
}
