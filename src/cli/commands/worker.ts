import pino from 'pino';
import { AsrEngine } from '../../lib/server/asr';
import { createLogger } from '../../lib/server/infra/logger';
import type { Command } from '../command';
import { ApiClient } from '../worker/api-client';
import { parseWorkerEnv } from '../worker/config';
import { TranscriptionWorker } from '../worker/runner';

export const worker: Command = {
	name: 'worker',
	summary:
		'Transcribe jobs from the Redis queue for an API node (scale-out; see docs/deployment.md)',
	details: [
		'Reads REDIS_URL, MEETINGSCRIBE_URL (the API node), MEETINGSCRIBE_WORKER_KEY (from',
		'`meetingscribe keys create --scope worker` there), MODELS_DIR, and optionally DATA_DIR',
		'(scratch space), WORKER_CONCURRENCY, WORKER_ID, QUEUE_LOCK_MS, DEVICE, WHISPER_BATCH.',
		'Logs one JSON line per event on stderr. SIGTERM or Ctrl-C: running jobs stop after their',
		'current window and go back on the queue for another worker.',
	].join('\n'),
	async run({ out }) {
		const cfg = parseWorkerEnv();
		const logger = createLogger(
			out.verbose ? 'debug' : (process.env.LOG_LEVEL ?? 'info'),
			pino.destination({ dest: 2, sync: true }),
		).child({ worker_id: cfg.workerId });
		const asr = new AsrEngine({
			modelsDir: cfg.MODELS_DIR,
			allowRemote: cfg.ALLOW_REMOTE_MODELS,
			device: cfg.DEVICE,
			batchWindows: cfg.WHISPER_BATCH,
			logger,
		});
		const api = new ApiClient(cfg.MEETINGSCRIBE_URL, cfg.MEETINGSCRIBE_WORKER_KEY, logger);
		const runner = new TranscriptionWorker(cfg, asr, api, logger);
		const stopped = new Promise<void>((resolve) => {
			const stop = (signal: NodeJS.Signals) => {
				logger.info({ signal }, 'stopping: running jobs go back on the queue');
				void runner
					.stop()
					.catch((err: unknown) => logger.error({ err }, 'error while stopping'))
					.finally(resolve);
			};
			process.once('SIGTERM', stop);
			process.once('SIGINT', stop);
		});
		runner.start();
		logger.info(
			{ api: cfg.MEETINGSCRIBE_URL, concurrency: cfg.WORKER_CONCURRENCY },
			'worker ready, waiting for jobs',
		);
		await stopped;
		await asr.dispose();
		logger.info('worker stopped');
		// Everything is closed; an idle keep-alive socket or a library's handle must not keep a
		// stopped worker (systemd waits for it) alive.
		setTimeout(() => process.exit(0), 3000).unref();
		return 0;
	},
};
