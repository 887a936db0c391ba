import {
	DEFAULT_SYSTEM_CONFIG,
	speakerCountProblem,
	systemConfigSchema,
	systemConfigUpdateSchema,
	type SystemConfig,
} from '../../../contracts/settings';
import type { SettingsRepository } from '../db/repositories/interfaces';
import { ValidationError } from '../errors';
import { zodFieldErrors } from '../http/envelope';

export interface SettingsChange {
	old_config: SystemConfig;
	new_config: SystemConfig;
	changes_applied: string[];
}

type Listener = (config: SystemConfig, changed: (keyof SystemConfig)[]) => void;

/**
 * Runtime settings: defaults from the schema, overridden by what is stored. Stored values that no
 * longer validate (an older version wrote them) fall back to the default instead of breaking
 * start-up.
 */
export class SettingsService {
	private current: SystemConfig;
	private readonly listeners = new Set<Listener>();

	constructor(
		private readonly repo: SettingsRepository,
		initial: Partial<SystemConfig> = {},
	) {
		const stored = repo.all();
		const merged: Record<string, unknown> = { ...DEFAULT_SYSTEM_CONFIG, ...initial };
		for (const [key, value] of Object.entries(stored)) {
			const field = systemConfigSchema.shape[key as keyof SystemConfig];
			if (field?.safeParse(value).success) merged[key] = value;
		}
		this.current = systemConfigSchema.parse(merged);
	}

	get(): SystemConfig {
		return { ...this.current };
	}

	/** Validates, persists and announces a partial update. */
	update(patch: unknown): SettingsChange {
		const parsed = systemConfigUpdateSchema.safeParse(patch);
		if (!parsed.success) {
			throw new ValidationError('Configuration is invalid', zodFieldErrors(parsed.error));
		}
		const old = this.get();
		// Fields that are fine alone but not together (min above max) are refused here.
		const problem = speakerCountProblem({ ...old, ...parsed.data });
		if (problem) {
			throw new ValidationError('Configuration is invalid', [{ ...problem, code: 'custom' }]);
		}
		const changed = (Object.keys(parsed.data) as (keyof SystemConfig)[]).filter(
			(k) => JSON.stringify(parsed.data[k]) !== JSON.stringify(old[k]),
		);
		if (changed.length) {
			this.repo.setMany(Object.fromEntries(changed.map((k) => [k, parsed.data[k]])));
			this.current = systemConfigSchema.parse({ ...old, ...parsed.data });
			for (const l of this.listeners) l(this.get(), changed);
		}
		return { old_config: old, new_config: this.get(), changes_applied: changed };
	}

	onChange(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
