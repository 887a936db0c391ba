import { AsrEngine } from '../asr';
import { parseDtypeSetting } from '../asr';
import { modelsProbe } from '../system';
import { parseEnv, type AppConfig } from '../infra/config/env';
import { createJobQueue } from './queue';
import { TranscriptionService } from '../transcription';
import { SettingsService } from '../infra/config/settings';
import { closeDatabase, openDatabase, type Database } from '../infra/db/connection';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { createSqliteRepositories } from '../infra/db/repositories/sqlite';
import { ffmpegLocation } from '../infra/media/ffmpeg';
import { databaseProbe, diskProbe, ffmpegProbe, HealthService } from '../infra/health';
import { createLogger, type Logger } from '../infra/logger';
import { createAppEvents, emitSystemEvent as emitOn, type AppEvents } from '../infra/events';
import { createSecurity, type Security } from '../auth';
import { registerEngineProviders } from '../system';
import { SystemProviderRegistry, SystemService } from '../system';
import { FilesService } from '../library';
import { RecordingService } from '../recording';
import { LiveTranscriptionService } from '../live';
import { ModelsService } from '../models';
import type { OpenAiRouteDeps } from '../openai';
import { DataDir } from '../infra/storage/data-dir';
import { VERSION } from '../infra/version';

type Disposer = () => void | Promise<void>;

/** Everything a request handler, socket handler or CLI command needs, built once per process. */
export interface AppContext {
	config: AppConfig;
	logger: Logger;
	version: string;
	startedAt: Date;
	dataDir: DataDir;
	db: Database;
	repos: Repositories;
	settings: SettingsService;
	health: HealthService;
	/** API keys, browser sessions, allowed origins and rate limits. */
	security: Security;
	/** Where other subsystems plug their numbers into /api/v1/system/status and /info. */
	systemProviders: SystemProviderRegistry;
	/** The transcription engine; its worker starts on first use. */
	asr: AsrEngine;
	/** The model manager: catalogue, installed models, downloads. */
	models: ModelsService;
	transcription: TranscriptionService;
	/** Recordings, transcriptions and exports as files (list, download, export, delete). */
	files: FilesService;
	/** Recording sessions and capture ingest; open sessions are finalised on dispose. */
	recording: RecordingService;
	/** Live transcription of recording sessions while they record. */
	live: LiveTranscriptionService;
	/** What the OpenAI-compatible /v1 endpoints use. */
	openai: OpenAiRouteDeps;
	/** Health, information and status of this server. */
	system: SystemService;
	/** What features announce (system events, job updates, live transcripts), for the transport. */
	events: AppEvents;
	emitSystemEvent(eventType: string, data: Record<string, unknown>): void;
	/** Registers cleanup, run in reverse order by dispose(). */
	onDispose(fn: Disposer): void;
	/** Server only (not the CLI): recovers interrupted jobs and starts the job queue. */
	startBackgroundWork(): void;
	/** Flushes and closes everything; idempotent. */
	dispose(): Promise<void>;
}

export interface ContextOptions {
	/** The CLI brings its own (on stderr, at its own level); otherwise it follows log_level. */
	logger?: Logger;
	/**
	 * `in_process` even with REDIS_URL: the CLI runs no queue of its own and must not hold Redis
	 * connections. Default: what the configuration says.
	 */
	jobQueue?: 'configured' | 'in_process';
}

export function createAppContext(config: AppConfig, options: ContextOptions = {}): AppContext {
	const logger = options.logger ?? createLogger(config.LOG_LEVEL);
	const dataDir = new DataDir(config.DATA_DIR);
	dataDir.ensure();
	const { db, migrations } = openDatabase(dataDir.databaseFile);
	if (migrations.applied.length) {
		logger.info({ from: migrations.from, to: migrations.to }, 'database schema migrated');
	}
	const repos = createSqliteRepositories(db);
	const settings = new SettingsService(repos.settings, {
		log_level: config.LOG_LEVEL,
		whisper_device: config.DEVICE,
		whisper_model: config.WHISPER_MODEL,
	});
	if (!options.logger) {
		logger.level = settings.get().log_level;
		settings.onChange((s, changed) => {
			if (changed.includes('log_level')) logger.level = s.log_level;
		});
	}

	const health = new HealthService();
	health.register(
		'database',
		databaseProbe(() => repos.ping()),
	);
	health.register('disk', diskProbe(dataDir.root));
	health.register(
		'ffmpeg',
		ffmpegProbe(() => {
			try {
				return ffmpegLocation();
			} catch {
				return { source: 'missing', path: 'none' };
			}
		}),
	);

	const events = createAppEvents();
	const emitSystemEvent = (eventType: string, data: Record<string, unknown>) =>
		emitOn(events, eventType, data);

	const asr = new AsrEngine({
		modelsDir: config.MODELS_DIR,
		// Jobs never download silently: models arrive through the model manager (ctx.models).
		allowRemote: false,
		downloads: config.MODEL_DOWNLOADS,
		device: settings.get().whisper_device,
		dtype: parseDtypeSetting(config.WHISPER_DTYPE),
		batchWindows: config.WHISPER_BATCH,
		logger,
	});
	asr.events.on('event', ({ type, ...data }) => emitSystemEvent(type, data));
	settings.onChange((s, changed) => {
		if (changed.includes('whisper_device')) void asr.setDevice(s.whisper_device);
	});
	health.register(
		'models',
		modelsProbe(config, () => settings.get().whisper_model, asr),
	);
	const models = new ModelsService({
		modelsDir: config.MODELS_DIR,
		mode: config.MODEL_DOWNLOADS,
		endpoint: config.HF_ENDPOINT,
		logger,
		defaultModel: () => settings.get().whisper_model,
		needs: () => {
			const model = settings.get().whisper_model;
			return [
				{ use: 'transcription' as const, model },
				...(config.LIVE_TRANSCRIPTION
					? [{ use: 'live' as const, model: config.LIVE_MODEL ?? model }]
					: []),
				...(config.LIVE_REFINE_MODEL
					? [{ use: 'refine' as const, model: config.LIVE_REFINE_MODEL }]
					: []),
			];
		},
		modelsInUse: () => asr.modelsInUse(),
		emit: (type, data) => emitSystemEvent(type, data),
	});

	// Without REDIS_URL the in-process queue, as always; with it BullMQ (docs/deployment.md).
	let onQueueFailed = (_id: string, _reason: string): void => {};
	let onRedisBack = (): void => {};
	const queueConfig =
		options.jobQueue === 'in_process' ? { ...config, REDIS_URL: undefined } : config;
	const queue = createJobQueue(queueConfig, logger, {
		failed: (id, reason) => onQueueFailed(id, reason),
		reconnected: () => onRedisBack(),
	});
	const publish = (jobId: string, data: Record<string, unknown>) =>
		events.emit('job_update', jobId, data);
	const transcription = new TranscriptionService({
		repos,
		dataDir,
		asr,
		settings,
		config,
		logger,
		queue,
		publish,
		emitSystemEvent,
	});
	onQueueFailed = (id, reason) => transcription.remote.failed(id, reason);
	onRedisBack = () => transcription.requeuePending();

	const systemProviders = new SystemProviderRegistry(logger);
	registerEngineProviders(systemProviders, { asr, repos, modelsDir: config.MODELS_DIR });
	systemProviders.register('workers', () => transcription.remote.workers.list());
	const startedAt = new Date();
	const system = new SystemService({
		jobQueue: queue.distributed ? 'redis' : 'in_process',
		health,
		providers: systemProviders,
		dataRoot: dataDir.root,
		version: VERSION,
		startedAt,
		countFiles: () => ({
			recordings: repos.recordings.count(),
			transcriptions: repos.transcripts.count(),
			exports: repos.exports.count(),
		}),
	});

	// Order matters: disposers run in reverse, so the queue stops before the engine and the
	// database closes last.
	const disposers: Disposer[] = [
		() => closeDatabase(db),
		() => asr.dispose(),
		() => queue.stop(),
		() => models.dispose(),
	];
	let disposing: Promise<void> | undefined;
	const recording = new RecordingService({
		defaults: () => {
			const s = settings.get();
			return {
				sampleRate: s.audio_sample_rate,
				channels: s.audio_channels === 2 ? 2 : 1,
				chunkDuration: s.chunk_duration,
			};
		},
		limits: {
			maxOpenPerOwner: config.MAX_SESSIONS_PER_IDENTITY,
			idleTimeoutMs: config.SESSION_IDLE_TIMEOUT_S * 1000,
		},
		dataDir,
		repos,
		logger,
		emitSystemEvent,
	});
	systemProviders.register('activeRecordings', () => recording.listActive().length);
	const live = new LiveTranscriptionService({
		recording,
		asr,
		repos,
		settings,
		config,
		logger,
		publish: (sessionId: string, event: 'live_segment' | 'live_status', data: never) =>
			events.emit(event, sessionId, data),
		refine: config.LIVE_REFINE_MODEL
			? (audioFileId, sessionId) =>
					transcription.refine(audioFileId, sessionId, config.LIVE_REFINE_MODEL!)
			: undefined,
		transcribeRecording: (audioFileId, sessionId) =>
			transcription.refine(audioFileId, sessionId, settings.get().whisper_model),
	});
	// Reverse order: recordings end first (their last finals flush), then live work stops.
	disposers.push(
		() => live.dispose(),
		() => recording.dispose(),
	);

	const ctx: AppContext = {
		config,
		logger,
		version: VERSION,
		startedAt,
		dataDir,
		db,
		repos,
		settings,
		health,
		security: createSecurity(config, repos),
		systemProviders,
		system,
		openai: {
			asr,
			settings,
			modelsDir: config.MODELS_DIR,
			tmpDir: dataDir.area('tmp'),
			maxFileBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
		},
		asr,
		models,
		transcription,
		files: new FilesService({ repos, dataDir, logger }),
		recording,
		live,
		events,
		emitSystemEvent,
		startBackgroundWork() {
			transcription.recover();
			transcription.start();
			live.start();
		},
		onDispose(fn) {
			disposers.push(fn);
		},
		dispose() {
			disposing ??= (async () => {
				for (const fn of disposers.reverse()) {
					try {
						await fn();
					} catch (err) {
						logger.error({ err }, 'error during shutdown');
					}
				}
			})();
			return disposing;
		},
	};
	return ctx;
}

/*
 * The production entry and the Vite dev plugin create the context; SvelteKit's bundled routes
 * read it. Those are separate module instances in one process, so the context is shared through
 * a global symbol rather than a module variable.
 */
const KEY = Symbol.for('meetingscribe.context');
type Holder = { [KEY]?: AppContext };

export function setAppContext(ctx: AppContext | undefined): void {
	(globalThis as Holder)[KEY] = ctx;
}

/** The process's context; created from the environment on first use when no entry set one. */
export function getAppContext(): AppContext {
	const holder = globalThis as Holder;
	holder[KEY] ??= createAppContext(parseEnv());
	return holder[KEY];
}
