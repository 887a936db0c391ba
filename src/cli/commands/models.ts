import fs from 'node:fs';
import path from 'node:path';
import { findKnownModel } from '../../lib/server/asr';
import { modelCatalogView, toKnownModelView, toLocalModelView } from '../../lib/server/asr';
import {
	chooseDtype,
	DTYPE_SUFFIX,
	resolveModel,
	type Dtype,
	type LocalModel,
} from '../../lib/server/asr';
import type { AppConfig } from '../../lib/server/infra/config/env';
import type { SystemEvent } from '../../lib/contracts/events';
import type { ModelDownload } from '../../lib/contracts/models';
import { isDomainError } from '../../lib/server/infra/errors';
import { CliError, stringOption, UsageError, type Command } from '../command';
import { formatBytes } from '../output';
import { ProgressLine } from '../progress';

const local = (config: AppConfig) => ({ modelsDir: config.MODELS_DIR, allowRemote: false });

/** The installed model an id names (as the engine would resolve it), or undefined. */
function findLocal(id: string, config: AppConfig): LocalModel | undefined {
	try {
		const resolved = resolveModel(id, local(config));
		return resolved.kind === 'local' ? resolved.model : undefined;
	} catch (e) {
		if (isDomainError(e) && e.code === 'MODEL_UNAVAILABLE') return undefined;
		throw e;
	}
}

const list: Command = {
	name: 'models list',
	summary: 'List installed models and the ones that can be downloaded',
	run({ out, context }) {
		const ctx = context();
		const catalog = modelCatalogView(ctx.config.MODELS_DIR);
		const { local_models: installed, downloadable_models: downloadable } = catalog;
		const defaultModel = ctx.settings.get().whisper_model;
		// The same body as GET /api/v1/transcription/models, without the envelope.
		out.result(
			{
				default_model: defaultModel,
				remote_downloads: ctx.config.MODEL_DOWNLOADS !== 'off',
				downloads_mode: ctx.config.MODEL_DOWNLOADS,
				models_dir: ctx.config.MODELS_DIR,
				...catalog,
			},
			() => {
				out.line(`Installed in ${ctx.config.MODELS_DIR}:`);
				if (!installed.length) out.line('  (none)');
				else
					out.table(
						['  ID', 'SIZE', 'LANGUAGES', 'DTYPES', 'DISK'],
						installed.map((m) => [
							`  ${m.id}`,
							m.size,
							m.multilingual ? 'many' : 'English',
							m.dtypes.join(','),
							formatBytes(m.bytes),
						]),
					);
				out.line(`Default (whisper_model setting): ${defaultModel}`);
				out.line('');
				out.line(
					ctx.config.MODEL_DOWNLOADS === 'off'
						? `The catalogue (downloads are off, MODEL_DOWNLOADS=off: copy a model's files into ${ctx.config.MODELS_DIR}/<hub id>):`
						: `Downloadable with 'meetingscribe models pull <name>' or in the web app's Settings → Models:`,
				);
				out.table(
					['  NAME', 'PARAMS', 'DOWNLOAD', 'INSTALLED', 'HUB ID'],
					downloadable.map((m) => [
						`  ${m.name}`,
						m.parameters,
						`~${formatBytes(m.approx_bytes_q8)}`,
						m.installed ? 'yes' : '',
						m.hub_id,
					]),
				);
			},
		);
	},
};

function parseDtype(value: string | undefined): Dtype | undefined {
	if (value === undefined) return undefined;
	if (!(value in DTYPE_SUFFIX)) {
		throw new UsageError(
			`unknown dtype '${value}' (use ${Object.keys(DTYPE_SUFFIX).join(', ')})`,
			'models pull',
		);
	}
	return value as Dtype;
}

const pull: Command = {
	name: 'models pull',
	args: '<id>',
	summary: 'Download a model from the Hugging Face Hub into MODELS_DIR',
	details: [
		'<id> is a short name from `meetingscribe models list` (base, small.en…), or a Hub id when',
		'MODEL_DOWNLOADS=any. The same downloader as the web app: only the needed files, resumed',
		'after a cut connection, checked, installed whole. With MODEL_DOWNLOADS=off, or offline,',
		'copy the model folder (transformers.js layout) into MODELS_DIR instead.',
	].join('\n'),
	options: {
		dtype: {
			type: 'string',
			value: 'DTYPE',
			description: `Precision of the files: ${Object.keys(DTYPE_SUFFIX).join(', ')} (default q8)`,
		},
	},
	positionals: { min: 1, max: 1 },
	async run({ values, positionals, out, context }) {
		const id = positionals[0]!;
		const dtype = parseDtype(stringOption(values, 'dtype')) ?? 'q8';
		const ctx = context();
		const cfg = ctx.config;
		const installed = findLocal(id, cfg);
		if (installed && installed.dtypes.includes(dtype)) {
			out.result({ model: toLocalModelView(installed), downloaded: false }, () =>
				out.line(`${installed.id} is already installed in ${installed.dir}`),
			);
			return;
		}
		const started = ctx.models.download(id, dtype);
		const bar = new ProgressLine(started.hub_id, out.stderr);
		const onEvent = (e: SystemEvent) => {
			const d = e.data as Partial<ModelDownload>;
			if (e.event_type !== 'model_download_progress' || d.download_id !== started.download_id)
				return;
			if (!d.bytes_total) return;
			const speed = d.speed_bps ? ` ${formatBytes(d.speed_bps)}/s` : '';
			bar.update(
				(d.bytes_done ?? 0) / d.bytes_total,
				`${formatBytes(d.bytes_done ?? 0)}/${formatBytes(d.bytes_total)}${speed}`,
			);
		};
		ctx.events.on('system_event', onEvent);
		let ended: ModelDownload;
		try {
			ended = await ctx.models.downloads.wait(started.download_id);
			if (ended.status === 'completed')
				bar.update(1, `${formatBytes(ended.bytes_total)}/${formatBytes(ended.bytes_total)}`);
		} finally {
			ctx.events.off('system_event', onEvent);
			bar.end();
		}
		if (ended.status !== 'completed') throw new CliError(ended.error_message ?? 'download failed');
		const model = findLocal(ended.hub_id, cfg);
		if (!model)
			throw new CliError(`'${id}' was downloaded but is not a complete model in ${cfg.MODELS_DIR}`);
		out.result({ model: toLocalModelView(model), downloaded: true }, () =>
			out.line(`Installed ${model.id} in ${model.dir} (${formatBytes(model.bytes)})`),
		);
	},
};

const info: Command = {
	name: 'models info',
	args: '<id>',
	summary: 'Show what is known about a model, installed or not',
	positionals: { min: 1, max: 1 },
	run({ positionals, out, context }) {
		const id = positionals[0]!;
		const ctx = context();
		const installed = findLocal(id, ctx.config);
		const known = findKnownModel(id) ?? (installed && findKnownModel(installed.id));
		if (!installed && !known) resolveModel(id, local(ctx.config)); // throws MODEL_UNAVAILABLE
		const isDefault = ctx.settings.get().whisper_model === id;
		out.result(
			{
				id: installed?.id ?? known?.name ?? id,
				installed: installed
					? {
							...toLocalModelView(installed),
							dir: installed.dir,
							default_dtype: chooseDtype(installed),
						}
					: null,
				catalog: known ? toKnownModelView(known) : null,
				default: isDefault,
			},
			() => {
				out.line(`${installed?.id ?? known?.name ?? id}${isDefault ? ' (the default model)' : ''}`);
				if (installed) {
					out.line(`  installed:  ${installed.dir} (${formatBytes(installed.bytes)})`);
					out.line(`  size:       ${installed.size}, ${installed.numMelBins} mel bins`);
					out.line(`  languages:  ${installed.multilingual ? 'multilingual' : 'English only'}`);
					out.line(`  dtypes:     ${installed.dtypes.join(', ')} (uses ${chooseDtype(installed)})`);
				} else out.line('  installed:  no');
				if (known) {
					out.line(`  hub id:     ${known.hubId}`);
					out.line(
						`  parameters: ${known.parameters}, download ~${formatBytes(known.approxBytesQ8)}`,
					);
					if (known.notes) out.line(`  notes:      ${known.notes}`);
				}
			},
		);
	},
};

/** Path-like input is refused outright: remove works on model ids only. */
function assertModelId(id: string): void {
	if (
		path.isAbsolute(id) ||
		id.includes('\\') ||
		id.split('/').some((p) => p === '' || p.startsWith('.')) ||
		id.startsWith('~')
	) {
		throw new UsageError(
			`'${id}' is not a model id: use an id from 'meetingscribe models list'`,
			'models remove',
		);
	}
}

const remove: Command = {
	name: 'models remove',
	args: '<id>',
	summary: "Delete an installed model's folder from MODELS_DIR",
	positionals: { min: 1, max: 1 },
	run({ positionals, out, context }) {
		const id = positionals[0]!;
		assertModelId(id);
		const ctx = context();
		const modelsDir = ctx.config.MODELS_DIR;
		const model = findLocal(id, ctx.config);
		if (!model)
			throw new CliError(
				`no installed model '${id}' in ${modelsDir} (see 'meetingscribe models list')`,
			);
		const defaultModel = ctx.settings.get().whisper_model;
		const wasDefault = findLocal(defaultModel, ctx.config)?.dir === model.dir;
		const root = fs.realpathSync(modelsDir);
		const isLink = fs.lstatSync(model.dir).isSymbolicLink();
		if (!isLink && !fs.realpathSync(model.dir).startsWith(root + path.sep)) {
			throw new CliError(`refusing to delete ${model.dir}: it is outside ${modelsDir}`);
		}
		// A linked model loses its link here; what it points to is not ours to delete.
		fs.rmSync(model.dir, { recursive: !isLink, force: true });
		const parent = path.dirname(model.dir);
		if (path.resolve(parent) !== path.resolve(modelsDir) && fs.readdirSync(parent).length === 0)
			fs.rmdirSync(parent);
		out.result({ removed: model.id, dir: model.dir, bytes: model.bytes }, () => {
			out.line(`Removed ${model.id} (${formatBytes(model.bytes)}) from ${modelsDir}`);
		});
		if (wasDefault) {
			out.note(
				`Note: it was the default model (whisper_model '${defaultModel}'): pull it again or change the setting`,
			);
		}
	},
};

export const modelsCommands: Command[] = [list, pull, info, remove];
