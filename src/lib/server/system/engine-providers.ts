import type { GpuInfo } from '../../contracts/system';
import type { AsrEngine } from '../asr';
import { listLocalModels } from '../asr';
import type { DeviceReport } from '../asr';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { GPU_UNKNOWN, type SystemProviderRegistry } from './providers';

/** The engine's device probe as /system/info reports it. */
export function gpuInfo(report: (DeviceReport & { fallbackReason?: string }) | undefined): GpuInfo {
	if (!report) return GPU_UNKNOWN;
	const outcomes = report.tried.map((p) => `${p.provider}: ${p.ok ? 'ok' : (p.error ?? 'failed')}`);
	return {
		providers_tried: report.tried.map((p) => p.provider),
		provider_in_use: report.inUse,
		detail: report.fallbackReason ?? outcomes.join('; '),
	};
}

/** What the engine and the job queue tell /api/v1/system/status and /info. */
export function registerEngineProviders(
	registry: SystemProviderRegistry,
	deps: { asr: AsrEngine; repos: Repositories; modelsDir: string },
): void {
	registry.register('gpu', () => gpuInfo(deps.asr.deviceReport()));
	registry.register(
		'activeTranscriptions',
		() => deps.repos.jobs.listByStatus(['pending', 'running']).length,
	);
	registry.register('models', () =>
		listLocalModels(deps.modelsDir).map((m) => ({
			id: m.id,
			name: m.id,
			size: m.size,
			multilingual: m.multilingual,
			dtypes: m.dtypes,
			size_bytes: m.bytes,
		})),
	);
}
