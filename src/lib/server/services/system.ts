import type { SystemHealth } from '../../contracts/api';
import type { AppContext } from '../context';

export async function systemHealth(ctx: AppContext): Promise<SystemHealth> {
	const report = await ctx.health.report();
	return {
		success: true,
		message: `MeetingScribe is ${report.status}`,
		timestamp: new Date().toISOString(),
		...report,
		uptime_seconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 100) / 10,
		version: ctx.version,
	};
}
