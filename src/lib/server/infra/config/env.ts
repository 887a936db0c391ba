import path from 'node:path';
import { z } from 'zod';
import { logLevelSchema, whisperDeviceSchema } from '../../../contracts/settings';

const boolFromEnv = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
	.transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/**
 * Process configuration from the environment. Parsed once at start-up; a bad value stops the
 * process with a message that names the variable. Runtime settings that the API can change live
 * in the database instead (see contracts/settings.ts).
 */
const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('127.0.0.1'),
	DATA_DIR: z.string().min(1).default('./data'),
	MODELS_DIR: z.string().min(1).default('./models'),
	LOG_LEVEL: logLevelSchema.default('info'),
	/**
	 * Older switch, kept for existing setups: `true` means MODEL_DOWNLOADS=any, `false` keeps the
	 * default. MODEL_DOWNLOADS wins when both are set.
	 */
	ALLOW_REMOTE_MODELS: boolFromEnv.default(false),
	/**
	 * What the model manager may download: `catalog` (the known Whisper family), `any` (also any
	 * Hub repository) or `off` (fully offline: models are copied into MODELS_DIR by hand).
	 */
	MODEL_DOWNLOADS: z.enum(['catalog', 'any', 'off']).optional(),
	/** Where models are downloaded from (a Hugging Face Hub or a mirror of its URL layout). */
	HF_ENDPOINT: z
		.url({ protocol: /^https?$/ })
		.default('https://huggingface.co')
		.transform((v) => v.replace(/\/+$/, '')),
	/** Initial whisper_model setting (a size, short name, local folder or Hub id). */
	WHISPER_MODEL: z.string().trim().min(1).max(200).default('base'),
	/** Execution provider override for the engine. */
	DEVICE: whisperDeviceSchema.default('auto'),
	/**
	 * Model file precision: one dtype (`q8`) or one per sub-model
	 * (`encoder_model=fp32,decoder_model_merged=q8`). Default: the fastest present on CPU.
	 */
	WHISPER_DTYPE: z
		.string()
		.regex(
			/^(fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4)$|^((encoder_model|decoder_model_merged)=(fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4),?)+$/,
			'use a dtype (fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4) or encoder_model=…,decoder_model_merged=…',
		)
		.optional(),
	/**
	 * Speech windows decoded together on CPU (greedy decoding). Batches of 4 decode a file about
	 * 1.5–2× faster than one window at a time; capped by memory for large models. 1 turns it off.
	 */
	WHISPER_BATCH: z.coerce.number().int().min(1).max(8).default(4),
	/** ffmpeg binary; defaults to the one shipped by @ffmpeg-installer/ffmpeg. */
	FFMPEG_PATH: z.string().min(1).optional(),
	/** Folder from which `audio_file_path` imports are allowed; off when unset. */
	IMPORT_DIR: z.string().min(1).optional(),
	/**
	 * Transcription jobs run at once (one per device is fastest: each uses every core). 0 only
	 * with REDIS_URL: this node serves and queues, `meetingscribe worker` processes transcribe.
	 */
	JOB_CONCURRENCY: z.coerce.number().int().min(0).max(16).default(1),
	/** Redis for the BullMQ job queue (redis://[:password@]host:port[/db]); in-process when unset. */
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\/\S+$/, 'use redis://host:port or rediss://host:port')
		.optional(),
	/** How long a worker's lock on a job lasts before another may take it over (ms). */
	QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
	/** Largest accepted request body / upload in megabytes. */
	MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10_000).default(1024),
	/** Seconds a request body may stall before 408 (infra/http/idle.ts reads it). */
	UPLOAD_IDLE_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(30),
	/** Seconds to wait for open work to finish on SIGINT/SIGTERM before forcing exit. */
	SHUTDOWN_TIMEOUT_S: z.coerce.number().min(1).max(600).default(15),
	/** Require API keys even on loopback. Off the loopback interface they are always required. */
	REQUIRE_AUTH: boolFromEnv.default(false),
	/** Seeds an API key (stored hashed) so a fresh server can be reached; at least 32 characters. */
	MEETINGSCRIBE_API_KEY: z.string().min(32, 'must be at least 32 characters').max(512).optional(),
	/** Browser origins allowed to call the API cross-origin, comma-separated; `*` allows any. */
	CORS_ORIGINS: z
		.string()
		.default('')
		.transform((v, ctx) => {
			const list = v
				.split(',')
				.map((o) => o.trim())
				.filter(Boolean);
			for (const o of list) {
				if (o !== '*' && !isOrigin(o)) {
					ctx.addIssue({
						code: 'custom',
						message: `'${o}' is not an origin like https://host:port`,
					});
				}
			}
			return list;
		}),
	/** Requests per minute per API key (or per address without one); 0 turns the limit off. */
	RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(600),
	/** Failed sign-ins and wrong keys per minute per address before answering 429. */
	AUTH_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(10),
	/** Recording sessions one identity (API key or browser login) may hold open at once. */
	MAX_SESSIONS_PER_IDENTITY: z.coerce.number().int().min(1).max(1000).default(20),
	/**
	 * Capture chunks a minute per socket (and per identity over HTTP), as a token bucket that
	 * bursts up to this many: a client sends 240 a minute, and resends a long backlog at once.
	 * 0 turns the limit off.
	 */
	CHUNK_RATE_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(3000),
	/** Seconds without a chunk after which an open session is finalised as `interrupted` (0: never). */
	SESSION_IDLE_TIMEOUT_S: z.coerce.number().int().min(0).max(86_400).default(600),
	/** Transcription jobs waiting to run, per identity that submitted them (429 past it). */
	MAX_PENDING_JOBS_PER_IDENTITY: z.coerce.number().int().min(1).max(100_000).default(50),
	/** Transcription jobs waiting to run, all identities together (429 past it). */
	MAX_PENDING_JOBS: z.coerce.number().int().min(1).max(1_000_000).default(500),
	/** Transcribe recordings live while they record (src/lib/server/live). */
	LIVE_TRANSCRIPTION: boolFromEnv.default(true),
	/** Model for live transcription; the whisper_model setting when unset. */
	LIVE_MODEL: z.string().trim().min(1).max(200).optional(),
	/** When set, a stopped recording is re-transcribed with this model (a `refined` transcript). */
	LIVE_REFINE_MODEL: z.string().trim().min(1).max(200).optional(),
	/**
	 * What the encoder sees of a live utterance: `audio` (the utterance plus 1 s, at least 5 s:
	 * a sixth of the work for a short one) or `full` (30 s, as Whisper was trained).
	 */
	LIVE_ENCODER_CONTEXT: z.enum(['audio', 'full']).default('audio'),
	/** Final utterances allowed to wait for the engine, across all sessions. */
	LIVE_MAX_BACKLOG: z.coerce.number().int().min(1).max(10_000).default(200),
	/** Seconds of audio a session's live pipeline holds for VAD before it skips ahead. */
	LIVE_MAX_QUEUE_S: z.coerce.number().min(1).max(600).default(30),
	/** How long stopping waits for the last finals before storing the live transcript. */
	LIVE_FLUSH_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
	/** Test-only (with MEETINGSCRIBE_TEST_FAULTS): delay before each live engine call. */
	LIVE_TEST_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
	/** Test-only: exposes a route that throws, to exercise the 500 boundary. Never in production. */
	MEETINGSCRIBE_TEST_FAULTS: boolFromEnv.default(false),
});

export type RawEnv = z.infer<typeof envSchema>;

export type ModelDownloadsMode = 'catalog' | 'any' | 'off';

export interface AppConfig extends Omit<
	RawEnv,
	'DATA_DIR' | 'MODELS_DIR' | 'IMPORT_DIR' | 'MODEL_DOWNLOADS'
> {
	/** MODEL_DOWNLOADS, with ALLOW_REMOTE_MODELS=true read as `any`. */
	MODEL_DOWNLOADS: ModelDownloadsMode;
	/** Absolute paths, resolved against the working directory at start-up. */
	DATA_DIR: string;
	MODELS_DIR: string;
	IMPORT_DIR: string | undefined;
	/** True when HOST is a loopback address (no credentials needed by default). */
	isLoopback: boolean;
	/** API keys are required: HOST is not loopback, or REQUIRE_AUTH is set. */
	authRequired: boolean;
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Variables whose values never appear in error messages. */
const SECRET_VARS = new Set(['MEETINGSCRIBE_API_KEY', 'REDIS_URL']);

function isOrigin(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value;
	} catch {
		return false;
	}
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

/** Parses the given environment; throws ConfigError naming every bad variable. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
	// Empty strings count as unset: `PORT= npm start` should mean "default", not "invalid".
	const present = Object.fromEntries(
		Object.keys(envSchema.shape)
			.map((k) => [k, env[k]?.trim()] as const)
			.filter(([, v]) => v !== undefined && v !== ''),
	);
	const parsed = envSchema.safeParse(present);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((i) => {
				const name = String(i.path[0] ?? '?');
				const shown = SECRET_VARS.has(name) ? '(hidden)' : JSON.stringify(present[name]);
				return `${name}=${shown}: ${i.message}`;
			}),
		);
	}
	const raw = parsed.data;
	if (raw.JOB_CONCURRENCY === 0 && !raw.REDIS_URL) {
		throw new ConfigError([
			'JOB_CONCURRENCY=0: nothing would transcribe without workers; set REDIS_URL (see docs/deployment.md)',
		]);
	}
	const isLoopback = LOOPBACK.test(raw.HOST);
	return {
		...raw,
		DATA_DIR: path.resolve(cwd, raw.DATA_DIR),
		MODELS_DIR: path.resolve(cwd, raw.MODELS_DIR),
		IMPORT_DIR: raw.IMPORT_DIR ? path.resolve(cwd, raw.IMPORT_DIR) : undefined,
		MODEL_DOWNLOADS: raw.MODEL_DOWNLOADS ?? (raw.ALLOW_REMOTE_MODELS ? 'any' : 'catalog'),
		isLoopback,
		authRequired: !isLoopback || raw.REQUIRE_AUTH,
	};
}
