import { Redis } from 'ioredis';
import { redactRedisUrl } from '../../lib/server/infra/queue/bullmq-shared';

/** One line of `doctor` (the shape of doctor.ts's Check, kept here to avoid an import cycle). */
interface Check {
	name: string;
	status: 'ok' | 'warn' | 'fail';
	message: string;
	fix?: string;
}

/** BullMQ refuses older servers. */
const MIN_REDIS = [5, 0] as const;
const TIMEOUT_MS = 5000;

/**
 * With REDIS_URL: can this machine reach Redis, is it new enough for BullMQ, and will it keep
 * queued jobs under memory pressure (BullMQ needs maxmemory-policy noeviction).
 */
export async function redisCheck(url: string | undefined): Promise<Check | undefined> {
	if (!url) return undefined;
	const shown = redactRedisUrl(url);
	const client = new Redis(url, {
		lazyConnect: true,
		connectTimeout: TIMEOUT_MS,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
	});
	client.on('error', () => {});
	try {
		await client.connect();
		const info = await client.info('server');
		const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
		const [major = 0, minor = 0] = version.split('.').map(Number);
		if (major < MIN_REDIS[0] || (major === MIN_REDIS[0] && minor < MIN_REDIS[1])) {
			return {
				name: 'redis',
				status: 'fail',
				message: `${shown}: Redis ${version} is too old for the job queue`,
				fix: `Use Redis ${MIN_REDIS.join('.')} or newer`,
			};
		}
		const policy = await client
			.config('GET', 'maxmemory-policy')
			.then((r) => r[1])
			.catch(() => undefined);
		if (policy && policy !== 'noeviction') {
			return {
				name: 'redis',
				status: 'warn',
				message: `${shown}: Redis ${version}, maxmemory-policy ${policy} may evict queued jobs`,
				fix: 'Set maxmemory-policy noeviction in redis.conf',
			};
		}
		return { name: 'redis', status: 'ok', message: `${shown}: Redis ${version}` };
	} catch (e) {
		return {
			name: 'redis',
			status: 'fail',
			message: `${shown}: ${(e as Error).message}`,
			fix: 'Start Redis, or correct REDIS_URL (unset it to run every job in this process)',
		};
	} finally {
		client.disconnect();
	}
}
