import type { RequestHandler } from './$types';
import { ok } from '$lib/server/http/respond';
import { modelCatalog } from '$lib/server/asr/registry';

/** Local models and the downloadable Whisper family, with what is installed. */
export const GET: RequestHandler = ({ locals: { ctx } }) => {
	const { local, downloadable } = modelCatalog(ctx.config.MODELS_DIR);
	return ok(`${local.length} local model(s)`, {
		default_model: ctx.settings.get().whisper_model,
		remote_downloads: ctx.config.ALLOW_REMOTE_MODELS,
		models_dir: ctx.config.MODELS_DIR,
		local_models: local.map((m) => ({
			id: m.id,
			family: m.family,
			size: m.size,
			multilingual: m.multilingual,
			num_mel_bins: m.numMelBins,
			dtypes: m.dtypes,
			bytes: m.bytes,
		})),
		downloadable_models: downloadable.map((m) => ({
			name: m.name,
			hub_id: m.hubId,
			parameters: m.parameters,
			approx_bytes_q8: m.approxBytesQ8,
			english_only: m.englishOnly,
			notes: m.notes ?? null,
			installed: m.installed,
		})),
	});
};
