import type { SystemHealth } from '../../contracts/api';
import type { SystemInfoResponse, SystemStatus } from '../../contracts/system';
import type { AppContext } from '../app/context';
import { systemInfo } from './info';

async function healthReport(ctx: AppContext) {
	const report = await ctx.health.report();
	return {
		...report,
		uptime_seconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 100) / 10,
		version: ctx.version,
	};
}

export async function systemHealth(ctx: AppContext): Promise<SystemHealth> {
	const report = await healthReport(ctx);
	return {
		success: true,
		message: `MeetingScribe is ${report.status}`,
		timestamp: new Date().toISOString(),
		...report,
	};
}

export async function systemInfoResponse(ctx: AppContext): Promise<SystemInfoResponse> {
	return {
		success: true,
		message: 'System information',
		timestamp: new Date().toISOString(),
		...(await systemInfo(ctx)),
	};
}

export async function systemStatus(ctx: AppContext): Promise<SystemStatus> {
	const [health, info, activeRecordings, activeTranscriptions] = await Promise.all([
		healthReport(ctx),
		systemInfo(ctx),
		ctx.systemProviders.read('activeRecordings'),
		ctx.systemProviders.read('activeTranscriptions'),
	]);
	return {
		success: true,
		message: `MeetingScribe is ${health.status}`,
		timestamp: new Date().toISOString(),
		health,
		info,
		active_recordings: activeRecordings,
		active_transcriptions: activeTranscriptions,
		total_files: {
			recordings: ctx.repos.recordings.count(),
			transcriptions: ctx.repos.transcripts.count(),
			exports: ctx.repos.exports.count(),
		},
	};
}
