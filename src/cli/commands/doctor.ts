import fs from 'node:fs';
import path from 'node:path';
import { listLocalModels, resolveModel } from '../../lib/server/asr';
import { BUNDLED_FFMPEG_WARNING, resolveFfmpeg } from '../../lib/server/infra/media/ffmpeg';
import type { AppConfig } from '../../lib/server/infra/config/env';
import type { AppContext } from '../../lib/server/app/context';
import { integrityCheck } from '../../lib/server/infra/db/connection';
import { diskProbe } from '../../lib/server/infra/health';
import type { Command } from '../command';
import { redisCheck } from './doctor-redis';

type Status = 'ok' | 'warn' | 'fail';

export interface Check {
	name: string;
	status: Status;
	message: string;
	/** What to do about a warning or failure. */
	fix?: string;
	/** The raw facts behind the message (in --json output). */
	details?: unknown;
}

const MIN_NODE = [20, 19] as const;
/** Probing the devices loads onnxruntime in a worker; a hang there is a failure, not a wait. */
const DEVICE_PROBE_TIMEOUT_MS = 60_000;

function nodeCheck(): Check {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
	return ok
		? { name: 'node', status: 'ok', message: `Node.js ${process.versions.node}` }
		: {
				name: 'node',
				status: 'fail',
				message: `Node.js ${process.versions.node} is too old`,
				fix: `Install Node.js ${MIN_NODE.join('.')} or newer (https://nodejs.org)`,
			};
}

async function ffmpegCheck(): Promise<Check> {
	try {
		const ff = await resolveFfmpeg();
		// "ffmpeg version 6.1 Copyright (c) …": the version is enough here.
		const version = ff.version.split(/\s+/).slice(0, 3).join(' ');
		const from = { env: 'FFMPEG_PATH', system: 'PATH', bundled: 'bundled' }[ff.source];
		const message = `${version} (${from}: ${ff.path})`;
		return ff.source === 'bundled'
			? {
					name: 'ffmpeg',
					status: 'warn',
					message,
					fix: BUNDLED_FFMPEG_WARNING.replace(/^Using the bundled ffmpeg, /, 'It is '),
					details: ff,
				}
			: { name: 'ffmpeg', status: 'ok', message, details: ff };
	} catch (e) {
		return {
			name: 'ffmpeg',
			status: 'fail',
			message: (e as Error).message,
			fix: 'Set FFMPEG_PATH to an ffmpeg binary, or run `npm install` to get the bundled one',
		};
	}
}

function databaseCheck(config: AppConfig, ctx: AppContext | undefined, error: unknown): Check {
	const file = path.join(config.DATA_DIR, 'meetingscribe.db');
	const restore = `Stop the server, move ${file} aside and restore it from a backup (a fresh one is created if none is there)`;
	if (!ctx) {
		return {
			name: 'database',
			status: 'fail',
			message: `cannot open ${file}: ${(error as Error).message}`,
			fix: `Check that DATA_DIR is writable. ${restore}`,
		};
	}
	const problems = integrityCheck(ctx.db);
	if (problems.length === 1 && problems[0] === 'ok') {
		return { name: 'database', status: 'ok', message: `${file}: integrity ok` };
	}
	return {
		name: 'database',
		status: 'fail',
		message: `${file} is damaged: ${problems.slice(0, 3).join('; ')}`,
		fix: restore,
	};
}

function modelsCheck(config: AppConfig, wanted: string): Check {
	const installed = listLocalModels(config.MODELS_DIR);
	const names = installed.map((m) => m.id).join(', ') || 'none';
	try {
		const resolved = resolveModel(wanted, {
			modelsDir: config.MODELS_DIR,
			allowRemote: false,
			downloads: config.MODEL_DOWNLOADS,
		});
		return {
			name: 'models',
			status: 'ok',
			message: `whisper_model '${wanted}' → ${resolved.kind === 'local' ? resolved.model.dir : resolved.hubId} (installed: ${names})`,
		};
	} catch (e) {
		const details = (e as { details?: { pull_command?: string; folder?: string } }).details;
		// Only what works here: the pull command only when MODEL_DOWNLOADS lets it download.
		const ways = [
			details?.pull_command &&
				`run \`${details.pull_command}\` (or use Settings → Models in the web app)`,
			`copy the model's files into ${details?.folder ?? config.MODELS_DIR}`,
			installed.length && `set whisper_model to one of: ${names}`,
		].filter(Boolean);
		return {
			name: 'models',
			status: 'fail',
			message: `whisper_model '${wanted}' is not available in ${config.MODELS_DIR} (installed: ${names})`,
			fix: ways.join(', or ').replace(/^./, (c) => c.toUpperCase()),
		};
	}
}

async function deviceCheck(ctx: AppContext | undefined): Promise<Check> {
	if (!ctx)
		return {
			name: 'device',
			status: 'fail',
			message: 'not probed: the database did not open',
			fix: 'Fix the database first',
		};
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([
			ctx.asr.start(),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error('no answer in 60 s')), DEVICE_PROBE_TIMEOUT_MS);
			}),
		]);
	} catch (e) {
		return {
			name: 'device',
			status: 'fail',
			message: `the transcription engine did not start: ${(e as Error).message}`,
			fix: 'Reinstall dependencies (`npm install`): onnxruntime-node must load on this machine',
		};
	} finally {
		clearTimeout(timer);
	}
	const report = ctx.asr.deviceReport()!;
	const failed = report.tried.filter((p) => !p.ok).map((p) => p.provider);
	const message =
		`transcribing on ${report.inUse} (device setting: ${report.requested}` +
		`${failed.length ? `; unavailable here: ${failed.join(', ')}` : ''})`;
	if (report.fallbackReason || (report.requested !== 'auto' && report.requested !== report.inUse)) {
		return {
			name: 'device',
			status: 'warn',
			message: report.fallbackReason ? `${message}: ${report.fallbackReason}` : message,
			fix: 'For a GPU, install its runtime (see the README, GPU); or set DEVICE=cpu to stop trying',
			details: report,
		};
	}
	return { name: 'device', status: 'ok', message, details: report };
}

/** Free space where recordings go (the nearest folder that exists, if DATA_DIR is not made yet). */
async function diskCheck(config: AppConfig): Promise<Check> {
	let dir = config.DATA_DIR;
	while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	const probe = await diskProbe(dir)();
	const status: Status =
		probe.status === 'healthy' ? 'ok' : probe.status === 'warning' ? 'warn' : 'fail';
	return {
		name: 'disk',
		status,
		message: probe.message,
		...(status === 'ok' ? {} : { fix: 'Free some space, or point DATA_DIR at a bigger disk' }),
	};
}

export const doctor: Command = {
	name: 'doctor',
	summary: 'Check this installation and say what to fix',
	details:
		'Checks Node.js, ffmpeg, models, the compute device, free disk space, the database, and Redis when REDIS_URL is set.',
	async run({ out, config, context }) {
		const cfg = config();
		let ctx: AppContext | undefined;
		let openError: unknown;
		try {
			ctx = context();
		} catch (e) {
			openError = e;
		}
		const checks: Check[] = [
			nodeCheck(),
			await ffmpegCheck(),
			modelsCheck(cfg, ctx?.settings.get().whisper_model ?? cfg.WHISPER_MODEL),
			await deviceCheck(ctx),
			await diskCheck(cfg),
			databaseCheck(cfg, ctx, openError),
		];
		const redis = await redisCheck(cfg.REDIS_URL);
		if (redis) checks.push(redis);
		const failed = checks.filter((c) => c.status === 'fail').length;
		out.result({ ok: failed === 0, checks }, () => {
			const width = Math.max(...checks.map((c) => c.name.length));
			for (const c of checks) {
				out.line(`${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.message}`);
				if (c.fix) out.line(`${' '.repeat(width + 8)}fix: ${c.fix}`);
			}
			const warned = checks.filter((c) => c.status === 'warn').length;
			out.line(
				failed
					? `\n${failed} problem(s) to fix.`
					: `\nAll good${warned ? ` (${warned} warning(s))` : ''}.`,
			);
		});
		return failed ? 1 : 0;
	},
};
