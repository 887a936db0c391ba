import type { SystemHealth } from '../../contracts/api';
import type { SystemHealthEvent } from '../../contracts/events';
import type { SystemInfoResponse, SystemStatus } from '../../contracts/system';
import type { HealthService } from '../infra/health';
import { successEnvelope } from '../infra/http/envelope';
import { systemInfo } from './info';
import type { SystemProviderRegistry } from './providers';

/** What the system views read: nothing else of the application is reachable from here. */
export interface SystemDeps {
	health: HealthService;
	providers: SystemProviderRegistry;
	/** DATA_DIR, for disk usage. */
	dataRoot: string;
	version: string;
	startedAt: Date;
	/** Stored items, counted in the library. */
	countFiles(): { recordings: number; transcriptions: number; exports: number };
	/** Which job queue adapter runs: in process, or BullMQ on Redis. */
	jobQueue: 'in_process' | 'redis';
}

/** Health, information and status of this server, for the API, the /system channel and the CLI. */
export class SystemService {
	constructor(private readonly deps: SystemDeps) {}

	get startedAt(): Date {
		return this.deps.startedAt;
	}

	async healthReport() {
		const report = await this.deps.health.report();
		return {
			...report,
			uptime_seconds: Math.round((Date.now() - this.deps.startedAt.getTime()) / 100) / 10,
			version: this.deps.version,
		};
	}

	async health(): Promise<SystemHealth> {
		const report = await this.healthReport();
		return successEnvelope(`MeetingScribe is ${report.status}`, report);
	}

	/** What `system_health` on /system carries: the health report and the activity counts. */
	async liveHealth(): Promise<SystemHealthEvent> {
		const [report, activeRecordings, activeTranscriptions] = await Promise.all([
			this.healthReport(),
			this.deps.providers.read('activeRecordings'),
			this.deps.providers.read('activeTranscriptions'),
		]);
		return {
			status: report.status,
			reasons: report.reasons,
			checks: report.checks,
			uptime_seconds: report.uptime_seconds,
			active_recordings: activeRecordings,
			active_transcriptions: activeTranscriptions,
			timestamp: new Date().toISOString(),
		};
	}

	async info(): Promise<SystemInfoResponse> {
		return successEnvelope(
			'System information',
			await systemInfo(this.deps.providers, this.deps.dataRoot),
		);
	}

	async status(): Promise<SystemStatus> {
		const { providers, dataRoot } = this.deps;
		const [health, info, activeRecordings, activeTranscriptions, workers] = await Promise.all([
			this.healthReport(),
			systemInfo(providers, dataRoot),
			providers.read('activeRecordings'),
			providers.read('activeTranscriptions'),
			providers.read('workers'),
		]);
		return successEnvelope(`MeetingScribe is ${health.status}`, {
			health,
			info,
			active_recordings: activeRecordings,
			active_transcriptions: activeTranscriptions,
			total_files: this.deps.countFiles(),
			job_queue: this.deps.jobQueue,
			workers,
		});
	}
}
