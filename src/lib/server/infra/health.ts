import fs from 'node:fs';
import type { HealthCheck } from '../../contracts/api';
import { BUNDLED_FFMPEG_WARNING } from './media/ffmpeg';

export type HealthProbe = () => HealthCheck | Promise<HealthCheck>;

export interface HealthReport {
	status: HealthCheck['status'];
	reasons: string[];
	checks: HealthCheck[];
}

const RANK = { healthy: 0, warning: 1, error: 2 } as const;

/**
 * Aggregates named probes into one status. Each subsystem registers its own probe (database,
 * disk here; models and devices where the engine lives), so health grows with the product.
 */
export class HealthService {
	private readonly probes = new Map<string, HealthProbe>();

	register(name: string, probe: HealthProbe): void {
		this.probes.set(name, probe);
	}

	async report(): Promise<HealthReport> {
		const checks = await Promise.all(
			[...this.probes].map(async ([name, probe]): Promise<HealthCheck> => {
				try {
					return await probe();
				} catch (e) {
					return {
						name,
						status: 'error',
						message: `${name} check failed: ${(e as Error).message}`,
					};
				}
			}),
		);
		const status = checks.reduce<HealthCheck['status']>(
			(worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst),
			'healthy',
		);
		return {
			status,
			reasons: checks.filter((c) => c.status !== 'healthy').map((c) => c.message),
			checks,
		};
	}
}

const GiB = 1024 ** 3;

/** Free space where recordings are written: warn under 2 GiB, error under 200 MiB. */
export function diskProbe(dir: string): HealthProbe {
	return () => {
		const s = fs.statfsSync(dir);
		const free = s.bavail * s.bsize;
		const human = `${(free / GiB).toFixed(1)} GiB free in ${dir}`;
		if (free < 0.2 * GiB)
			return { name: 'disk', status: 'error', message: `Disk almost full: ${human}` };
		if (free < 2 * GiB)
			return { name: 'disk', status: 'warning', message: `Low disk space: ${human}` };
		return { name: 'disk', status: 'healthy', message: human };
	};
}

/** Warns while uploads are decoded by the old bundled ffmpeg instead of a maintained one. */
export function ffmpegProbe(location: () => { source: string; path: string }): HealthProbe {
	return () => {
		const where = location();
		return where.source === 'bundled'
			? { name: 'ffmpeg', status: 'warning', message: BUNDLED_FFMPEG_WARNING }
			: { name: 'ffmpeg', status: 'healthy', message: `ffmpeg: ${where.path}` };
	};
}

export function databaseProbe(ping: () => void): HealthProbe {
	return () => {
		ping();
		return { name: 'database', status: 'healthy', message: 'SQLite database reachable' };
	};
}
