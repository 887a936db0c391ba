import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { whisperDeviceSchema } from '../../lib/contracts/settings';
import { ConfigError } from '../../lib/server/infra/config/env';

/** `meetingscribe worker`'s environment (docs/deployment.md); a bad value names the variable. */
const schema = z.object({
	REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'use redis://host:port or rediss://host:port'),
	/** The API node, e.g. http://10.0.0.5:3000. */
	MEETINGSCRIBE_URL: z.url({ protocol: /^https?$/ }),
	/** A key made with `meetingscribe keys create --scope worker` on the API node. */
	MEETINGSCRIBE_WORKER_KEY: z.string().min(16, 'must be a worker key'),
	MODELS_DIR: z.string().min(1).default('./models'),
	/** Scratch space for downloaded audio. */
	DATA_DIR: z.string().min(1).default(path.join(os.tmpdir(), 'meetingscribe-worker')),
	WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
	WORKER_ID: z
		.string()
		.regex(/^[A-Za-z0-9._:-]{1,100}$/)
		.optional(),
	QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
	DEVICE: whisperDeviceSchema.default('auto'),
	WHISPER_BATCH: z.coerce.number().int().min(1).max(8).default(4),
	ALLOW_REMOTE_MODELS: z
		.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
		.transform((v) => ['1', 'true', 'yes', 'on'].includes(v))
		.default(false),
});

export type WorkerConfig = z.infer<typeof schema> & { workerId: string };

const SECRET = new Set(['MEETINGSCRIBE_WORKER_KEY', 'REDIS_URL']);

export function parseWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
	const present = Object.fromEntries(
		Object.keys(schema.shape)
			.map((k) => [k, env[k]?.trim()] as const)
			.filter(([, v]) => v !== undefined && v !== ''),
	);
	const parsed = schema.safeParse(present);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((i) => {
				const name = String(i.path[0] ?? '?');
				const value = present[name];
				const shown =
					value === undefined ? '(unset)' : SECRET.has(name) ? '(hidden)' : JSON.stringify(value);
				return `${name}=${shown}: ${i.message}`;
			}),
		);
	}
	const c = parsed.data;
	return {
		...c,
		MODELS_DIR: path.resolve(c.MODELS_DIR),
		DATA_DIR: path.resolve(c.DATA_DIR),
		MEETINGSCRIBE_URL: c.MEETINGSCRIBE_URL.replace(/\/+$/, ''),
		workerId:
			c.WORKER_ID ??
			`${os
				.hostname()
				.replace(/[^A-Za-z0-9._-]/g, '-')
				.slice(0, 60)}:${process.pid}`,
	};
}
