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
				allowRemote: config.ALLOW_REMOTE_MODELS,
			});
		} catch (e) {
			return {
				name: 'models',
				status: 'warning',
				message: `No usable model: ${(e as Error).message}`,
			};
		}
		const fallback = asr.deviceReport()?.fallbackReason;
		if (fallback)
			return { name: 'models', status: 'warning', message: `Device fallback: ${fallback}` };
		return { name: 'models', status: 'healthy', message: `Model '${wanted}' is available` };
	};
}
