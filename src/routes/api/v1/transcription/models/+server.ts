import type { RequestHandler } from './$types';
import { ok } from '$lib/server/infra/http/respond';
import { modelCatalogView } from '$lib/server/asr';

/** Local models and the downloadable Whisper family, with what is installed. */
export const GET: RequestHandler = ({ locals: { ctx } }) => {
	const catalog = modelCatalogView(ctx.config.MODELS_DIR);
	return ok(`${catalog.local_models.length} local model(s)`, {
		default_model: ctx.settings.get().whisper_model,
		remote_downloads: ctx.config.MODEL_DOWNLOADS !== 'off',
		models_dir: ctx.config.MODELS_DIR,
		...catalog,
	});
};
