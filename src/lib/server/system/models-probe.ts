import type { HealthProbe } from '../infra/health';
import type { AppConfig } from '../infra/config/env';
import type { AsrEngine } from '../asr';
import { resolveModel } from '../asr';

/** Warns when the configured model cannot be used, or when a requested GPU fell back to CPU. */
export function modelsProbe(config: AppConfig, model: () => string, asr: AsrEngine): HealthProbe {
	return () => {
		const wanted = model();
		try {
			resolveModel(wanted, {
				modelsDir: config.MODELS_DIR,
				allowRemote: false,
				downloads: config.MODEL_DOWNLOADS,
			});
		} catch (e) {
			return {
				name: 'models',
				status: 'warning',
				message: `The default model is missing: ${(e as Error).message}`,
			};
		}
		const fallback = asr.deviceReport()?.fallbackReason;
		if (fallback)
			return { name: 'models', status: 'warning', message: `Device fallback: ${fallback}` };
		return { name: 'models', status: 'healthy', message: `Model '${wanted}' is available` };
	};
}
