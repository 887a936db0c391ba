import type { KnownModel } from './catalog';
import { modelCatalog, type LocalModel } from './registry';

/** A local model as the API and the CLI's --json show it (no absolute path). */
export function toLocalModelView(m: LocalModel) {
	return {
		id: m.id,
		family: m.family,
		size: m.size,
		multilingual: m.multilingual,
		num_mel_bins: m.numMelBins,
		dtypes: m.dtypes,
		bytes: m.bytes,
	};
}

/** A downloadable model as the API and the CLI's --json show it. */
export function toKnownModelView(m: KnownModel) {
	return {
		name: m.name,
		hub_id: m.hubId,
		parameters: m.parameters,
		approx_bytes_q8: m.approxBytesQ8,
		english_only: m.englishOnly,
		notes: m.notes ?? null,
	};
}

/** The model catalogue of GET /api/v1/transcription/models and `meetingscribe models list`. */
export function modelCatalogView(modelsDir: string) {
	const { local, downloadable } = modelCatalog(modelsDir);
	return {
		local_models: local.map(toLocalModelView),
		downloadable_models: downloadable.map((m) => ({
			...toKnownModelView(m),
			installed: m.installed,
		})),
	};
}
