import { EventEmitter } from 'node:events';
import type { SystemEvent } from '../contracts/events';
import { parseEnv, type AppConfig } from './config/env';
import { SettingsService } from './config/settings';
import { closeDatabase, openDatabase, type Database } from './db/connection';
import type { Repositories } from './db/repositories/interfaces';
import { createSqliteRepositories } from './db/repositories/sqlite';
import { databaseProbe, diskProbe, HealthService } from './health';
import { createLogger, type Logger } from './logger';
import type { Realtime } from './realtime/socket-server';
import { RecordingService } from './services/recording';
import { DataDir } from './storage/data-dir';
import { VERSION } from './version';

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
	/** Recording sessions and capture ingest; open sessions are finalised on dispose. */
	recording: RecordingService;
	/** System events (model loads, jobs, sessions…), relayed to the /system namespace. */
	events: EventEmitter<{ system_event: [SystemEvent] }>;
	emitSystemEvent(eventType: string, data: Record<string, unknown>): void;
	/** Socket.IO namespaces, once an HTTP server has been attached (not in the CLI). */
	realtime?: Realtime;
	/** Registers cleanup, run in reverse order by dispose(). */
	onDispose(fn: Disposer): void;
	/** Flushes and closes everything; idempotent. */
	dispose(): Promise<void>;
}

export function createAppContext(config: AppConfig): AppContext {
	const logger = createLogger(config.LOG_LEVEL);
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
	});
	logger.level = settings.get().log_level;
	settings.onChange((s, changed) => {
		if (changed.includes('log_level')) logger.level = s.log_level;
	});

	const health = new HealthService();
	health.register(
		'database',
		databaseProbe(() => repos.ping()),
	);
	health.register('disk', diskProbe(dataDir.root));

	const events = new EventEmitter<{ system_event: [SystemEvent] }>();
	const disposers: Disposer[] = [() => closeDatabase(db)];
	let disposing: Promise<void> | undefined;
	const emitSystemEvent = (eventType: string, data: Record<string, unknown>) => {
		events.emit('system_event', {
			event_type: eventType,
			data,
			timestamp: new Date().toISOString(),
		});
	};
	const recording = new RecordingService({ dataDir, repos, logger, emitSystemEvent });
	disposers.push(() => recording.dispose());

	return {
		config,
		logger,
		version: VERSION,
		startedAt: new Date(),
		dataDir,
		db,
		repos,
		settings,
		health,
		recording,
		events,
		emitSystemEvent,
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
