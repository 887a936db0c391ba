import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../src/lib/server/infra/config/env';
import { bullPriority, redactRedisUrl } from '../../../src/lib/server/infra/queue/bullmq-shared';
import { parseWorkerEnv } from '../../../src/cli/worker/config';

describe('scale-out configuration', () => {
	it('JOB_CONCURRENCY=0 needs REDIS_URL: without it nothing would ever transcribe', () => {
		expect(() => parseEnv({ JOB_CONCURRENCY: '0' })).toThrow(ConfigError);
		const c = parseEnv({ JOB_CONCURRENCY: '0', REDIS_URL: 'redis://10.0.0.2:6379' });
		expect(c.JOB_CONCURRENCY).toBe(0);
	});

	it('a bad REDIS_URL names the variable but never shows its value (it may hold a password)', () => {
		try {
			parseEnv({ REDIS_URL: 'http://:s3cret@host' });
			expect.unreachable();
		} catch (e) {
			expect((e as ConfigError).problems.join()).toContain('REDIS_URL=(hidden)');
			expect((e as ConfigError).problems.join()).not.toContain('s3cret');
		}
		expect(redactRedisUrl('redis://:s3cret@host:6379')).not.toContain('s3cret');
	});

	it('higher priorities run first on BullMQ (its 1 is first), equal ones in order', () => {
		expect(bullPriority(10)).toBeLessThan(bullPriority(0));
		expect(bullPriority(0)).toBeLessThan(bullPriority(-5));
		expect(bullPriority(5000)).toBe(1);
	});

	it('the worker needs Redis, the API node and a worker key, and says which is missing', () => {
		try {
			parseWorkerEnv({});
			expect.unreachable();
		} catch (e) {
			const text = (e as ConfigError).problems.join('\n');
			for (const name of ['REDIS_URL', 'MEETINGSCRIBE_URL', 'MEETINGSCRIBE_WORKER_KEY']) {
				expect(text).toContain(`${name}=(unset)`);
			}
		}
		const c = parseWorkerEnv({
			REDIS_URL: 'redis://r:6379',
			MEETINGSCRIBE_URL: 'http://api:3000/',
			MEETINGSCRIBE_WORKER_KEY: 'ms_0123456789abcdef0123',
		});
		expect(c.MEETINGSCRIBE_URL).toBe('http://api:3000');
		expect(c.WORKER_CONCURRENCY).toBe(1);
		expect(c.workerId).toMatch(/^[A-Za-z0-9._:-]+$/);
	});
});
