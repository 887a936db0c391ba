import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type {
	WorkerHeartbeat,
	WorkerJobSpec,
	WorkerResultRequest,
} from '../../lib/contracts/workers';
import {
	workerClaimResponseSchema,
	workerProgressResponseSchema,
} from '../../lib/contracts/workers';
import type { Segment } from '../../lib/server/asr';
import type { Logger } from '../../lib/server/infra/logger';

/** The API node answered with an error envelope (4xx): retrying will not help. */
export class ApiRefusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
		this.name = 'ApiRefusal';
	}
}

const MAX_BACKOFF_MS = 10_000;

/**
 * The worker's side of the worker protocol (/api/v1/workers on the API node), with its worker
 * key. Network errors and 5xx answers are retried with back-off (one log line per outage);
 * 4xx answers are final.
 */
export class ApiClient {
	private down = false;

	constructor(
		private readonly base: string,
		private readonly key: string,
		private readonly logger: Logger,
	) {}

	heartbeat(info: WorkerHeartbeat, signal?: AbortSignal): Promise<unknown> {
		return this.send('POST', '/api/v1/workers/heartbeat', info, { signal, attempts: 1 });
	}

	async claim(jobId: string, workerId: string): Promise<WorkerJobSpec> {
		const body = await this.send('POST', `/api/v1/workers/jobs/${jobId}/claim`, {
			worker_id: workerId,
		});
		return workerClaimResponseSchema.parse(body).job;
	}

	/** Streams the job's audio to a file. */
	async download(jobId: string, workerId: string, target: string): Promise<void> {
		const path = `/api/v1/workers/jobs/${jobId}/audio?worker_id=${encodeURIComponent(workerId)}`;
		const response = await this.fetchRetrying('GET', path, undefined);
		if (!response.body) throw new Error('The API node sent no audio');
		await pipeline(
			Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
			fs.createWriteStream(target),
		);
	}

	/** Reports progress; resolves true when the job was cancelled meanwhile. */
	async progress(
		jobId: string,
		workerId: string,
		p: { doneSeconds: number; totalSeconds: number; segments?: Segment[] },
	): Promise<boolean> {
		const body = await this.send('POST', `/api/v1/workers/jobs/${jobId}/progress`, {
			worker_id: workerId,
			done_seconds: p.doneSeconds,
			total_seconds: p.totalSeconds,
			...(p.segments ? { segments: p.segments } : {}),
		});
		return workerProgressResponseSchema.parse(body).cancel;
	}

	report(jobId: string, body: WorkerResultRequest): Promise<unknown> {
		return this.send('POST', `/api/v1/workers/jobs/${jobId}/result`, body);
	}

	private async send(
		method: string,
		path: string,
		body: unknown,
		opts: { signal?: AbortSignal; attempts?: number } = {},
	): Promise<unknown> {
		const response = await this.fetchRetrying(method, path, body, opts);
		return response.json();
	}

	private async fetchRetrying(
		method: string,
		path: string,
		body: unknown,
		opts: { signal?: AbortSignal; attempts?: number } = {},
	): Promise<Response> {
		for (let attempt = 1; ; attempt++) {
			let response: Response | undefined;
			let failure: string;
			try {
				response = await fetch(this.base + path, {
					method,
					signal: opts.signal,
					headers: {
						authorization: `Bearer ${this.key}`,
						...(body === undefined ? {} : { 'content-type': 'application/json' }),
					},
					...(body === undefined ? {} : { body: JSON.stringify(body) }),
				});
				if (response.ok) {
					this.up();
					return response;
				}
				if (response.status < 500) throw await refusal(response);
				failure = `HTTP ${response.status}`;
			} catch (e) {
				if (e instanceof ApiRefusal || opts.signal?.aborted) throw e;
				failure = (e as Error).cause ? String((e as Error).cause) : (e as Error).message;
			}
			if (!this.down) {
				this.down = true;
				this.logger.warn(
					{ api: this.base, err: failure },
					'the API node is unreachable; retrying with back-off',
				);
			}
			if (opts.attempts !== undefined && attempt >= opts.attempts) {
				throw new Error(`The API node did not answer: ${failure}`);
			}
			await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt)));
		}
	}

	private up(): void {
		if (!this.down) return;
		this.down = false;
		this.logger.info({ api: this.base }, 'the API node is reachable again');
	}
}

async function refusal(response: Response): Promise<ApiRefusal> {
	const text = await response.text();
	try {
		const body = JSON.parse(text) as { error_code?: string; message?: string };
		return new ApiRefusal(response.status, body.error_code ?? 'ERROR', body.message ?? text);
	} catch {
		return new ApiRefusal(response.status, 'ERROR', text.slice(0, 200));
	}
}
