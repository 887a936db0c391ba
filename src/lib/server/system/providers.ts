import type { AudioDevice } from '../../contracts/audio';
import { GPU_NOT_PROBED, type GpuInfo, type ModelSummary } from '../../contracts/system';
import type { WorkerStatus } from '../../contracts/workers';
import type { Logger } from '../infra/logger';

type MaybeAsync<T> = T | Promise<T>;

/**
 * What the system endpoints report about other subsystems. Each subsystem registers its own
 * provider on the AppContext when it starts (the recording service its active sessions, the
 * engine its GPU probe and models, the capture service its devices); until then these defaults
 * answer.
 */
export interface SystemProviders {
	activeRecordings: () => MaybeAsync<number>;
	activeTranscriptions: () => MaybeAsync<number>;
	gpu: () => MaybeAsync<GpuInfo>;
	models: () => MaybeAsync<ModelSummary[]>;
	devices: () => MaybeAsync<AudioDevice[]>;
	/** Remote transcription workers heard from lately (Redis queue only). */
	workers: () => MaybeAsync<WorkerStatus[]>;
}

export const GPU_UNKNOWN: GpuInfo = {
	providers_tried: [],
	provider_in_use: null,
	detail: GPU_NOT_PROBED,
};

const DEFAULTS: SystemProviders = {
	activeRecordings: () => 0,
	activeTranscriptions: () => 0,
	gpu: () => GPU_UNKNOWN,
	models: () => [],
	devices: () => [],
	workers: () => [],
};

type Result<K extends keyof SystemProviders> = Awaited<ReturnType<SystemProviders[K]>>;

export class SystemProviderRegistry {
	private readonly providers: SystemProviders = { ...DEFAULTS };

	constructor(private readonly logger: Logger) {}

	register<K extends keyof SystemProviders>(name: K, provider: SystemProviders[K]): void {
		this.providers[name] = provider;
	}

	/** The provider's answer; a failing provider is logged and reported as its default. */
	async read<K extends keyof SystemProviders>(name: K): Promise<Result<K>> {
		try {
			return (await this.providers[name]()) as Result<K>;
		} catch (err) {
			this.logger.warn({ err, provider: name }, 'system provider failed');
			return (await DEFAULTS[name]()) as Result<K>;
		}
	}
}
