import fs from 'node:fs';
import path from 'node:path';
import type {
	CatalogModel,
	DiarizationModel,
	InstalledModel,
	ModelDownload,
	ModelNeed,
} from '../../contracts/models';
import {
	findKnownModel,
	inspectModelDir,
	KNOWN_MODELS,
	listLocalModels,
	missingModelDetails,
	type LocalModel,
} from '../asr';
import { DIARIZATION_MODELS, findDiarizationModel, installedBytes } from '../diarization';
import type { ModelDownloadsMode } from '../infra/config/env';
import { ConflictError, DomainError, NotFoundError } from '../infra/errors';
import type { Logger } from '../infra/logger';
import { ModelDownloads, type DownloadEventType } from './downloads';
import { downloadTarget } from './policy';

export interface ModelsServiceDeps {
	modelsDir: string;
	mode: ModelDownloadsMode;
	endpoint: string;
	logger: Logger;
	/** The whisper_model setting. */
	defaultModel(): string;
	/** What uses which model here (whisper_model, LIVE_MODEL, LIVE_REFINE_MODEL). */
	needs(): { use: ModelNeed['use']; model: string }[];
	/** Folders of the models that running or queued transcriptions use. */
	modelsInUse(): Set<string>;
	emit(type: DownloadEventType, data: ModelDownload): void;
}

/** What deleting needs to know of an installed model. */
type Folder = Pick<LocalModel, 'id' | 'dir' | 'bytes'>;

/** The model manager: the catalogue, what is installed, downloads and removal. */
export class ModelsService {
	readonly downloads: ModelDownloads;

	constructor(private readonly deps: ModelsServiceDeps) {
		this.downloads = new ModelDownloads({
			modelsDir: deps.modelsDir,
			endpoint: deps.endpoint,
			logger: deps.logger,
			emit: (type, data) => deps.emit(type, data),
			isInstalled: (hubId) => Boolean(this.findInstalled(hubId)),
			check: (dir) => {
				if (!inspectModelDir(path.dirname(dir), path.basename(dir)))
					throw new DomainError(
						'MODEL_UNAVAILABLE',
						'The downloaded files are not a Whisper model in transformers.js layout',
					);
			},
		});
	}

	get mode(): ModelDownloadsMode {
		return this.deps.mode;
	}

	/** The installed model a name means (catalogue name, folder or Hub id), if any. */
	findInstalled(name: string, local = listLocalModels(this.deps.modelsDir)): LocalModel | undefined {
		const known = findKnownModel(name);
		const ids = new Set([name, ...(known ? [known.hubId, `whisper-${known.name}`, known.name] : [])]);
		return local.find((m) => ids.has(m.id));
	}

	list() {
		const local = listLocalModels(this.deps.modelsDir);
		const inUse = this.deps.modelsInUse();
		const defaultName = this.deps.defaultModel();
		const defaultModel = this.findInstalled(defaultName, local);
		const active = this.downloads.active();
		const catalog: CatalogModel[] = KNOWN_MODELS.map((m) => {
			const installed = this.findInstalled(m.name, local);
			return {
				name: m.name,
				hub_id: m.hubId,
				parameters: m.parameters,
				download_bytes: m.approxBytesQ8,
				english_only: m.englishOnly,
				notes: m.notes ?? null,
				installed: Boolean(installed),
				installed_id: installed?.id ?? null,
				bytes_on_disk: installed?.bytes ?? null,
				is_default: findKnownModel(defaultName) === m,
				download: active.find((d) => d.hub_id === m.hubId) ?? null,
			};
		});
		const diarization: DiarizationModel[] = DIARIZATION_MODELS.map((m) => {
			const bytes = installedBytes(this.deps.modelsDir, m);
			return {
				name: m.name,
				hub_id: m.hubId,
				role: m.role,
				parameters: m.parameters,
				download_bytes: m.approxBytes,
				installed: bytes !== null,
				bytes_on_disk: bytes,
				download: active.find((d) => d.hub_id === m.hubId) ?? null,
			};
		});
		const installed: InstalledModel[] = local.map((m) => ({
			id: m.id,
			size: m.size,
			multilingual: m.multilingual,
			dtypes: m.dtypes,
			bytes: m.bytes,
			catalog_name: KNOWN_MODELS.find((k) => this.findInstalled(k.name, [m]))?.name ?? null,
			is_default: defaultModel?.dir === m.dir,
			in_use: inUse.has(m.dir),
		}));
		return {
			default_model: defaultName,
			default_installed: Boolean(defaultModel),
			downloads_mode: this.deps.mode,
			models_dir: this.deps.modelsDir,
			catalog,
			installed,
			diarization,
			downloads: active,
			needs: this.deps.needs().map((n) => ({
				...n,
				installed: Boolean(this.findInstalled(n.model, local)),
			})),
		};
	}

	/** Starts (or joins) a download; refused by MODEL_DOWNLOADS or when already installed. */
	download(name: string, dtype = 'q8'): ModelDownload {
		const target = downloadTarget(name, this.deps.mode, this.deps.modelsDir);
		const diarization = findDiarizationModel(target.model);
		if (diarization) {
			if (installedBytes(this.deps.modelsDir, diarization) !== null)
				throw new ConflictError(`'${diarization.name}' is already installed (${diarization.hubId})`);
			return this.downloads.start({ ...target, dtype: 'fp32' });
		}
		const installed = this.findInstalled(target.hubId) ?? this.findInstalled(name);
		if (installed?.dtypes.includes(dtype as LocalModel['dtypes'][number])) {
			throw new ConflictError(`'${name}' is already installed (${installed.id})`);
		}
		return this.downloads.start({ ...target, dtype });
	}

	/** Deletes an installed model's folder; never one a running transcription uses. */
	remove(name: string): { removed: string; bytes: number; was_default: boolean } {
		const model: Folder | undefined = this.findInstalled(name) ?? this.installedDiarization(name);
		if (!model) throw new NotFoundError('Installed model', name);
		if (this.deps.modelsInUse().has(model.dir)) {
			throw new ConflictError(`'${model.id}' is in use by a running transcription; delete it when that has finished`);
		}
		const root = fs.realpathSync(this.deps.modelsDir);
		const isLink = fs.lstatSync(model.dir).isSymbolicLink();
		if (!isLink && !fs.realpathSync(model.dir).startsWith(root + path.sep)) {
			throw new ConflictError(`'${model.id}' is outside ${this.deps.modelsDir}; not deleted`);
		}
		const wasDefault = this.findInstalled(this.deps.defaultModel())?.dir === model.dir;
		fs.rmSync(model.dir, { recursive: !isLink, force: true });
		const parent = path.dirname(model.dir);
		if (path.resolve(parent) !== path.resolve(this.deps.modelsDir) && fs.readdirSync(parent).length === 0)
			fs.rmdirSync(parent);
		this.deps.logger.info({ model: model.id }, 'model deleted');
		return { removed: model.id, bytes: model.bytes, was_default: wasDefault };
	}

	/** An installed diarization model's folder, by its short name or Hub id. */
	private installedDiarization(name: string): Folder | undefined {
		const m = findDiarizationModel(name);
		const bytes = m ? installedBytes(this.deps.modelsDir, m) : null;
		if (!m || bytes === null) return undefined;
		return { id: m.hubId, dir: path.join(this.deps.modelsDir, m.hubId), bytes };
	}

	/** What start-up prints for people: the installed models, and the default's next step. */
	startupLines(url: string): string[] {
		const { installed, default_model: name, default_installed: ok } = this.list();
		const lines = [
			`Models in ${this.deps.modelsDir}: ${installed.map((m) => m.id).join(', ') || 'none yet'}`,
		];
		if (ok) {
			lines.push(`Default model '${name}' is installed.`);
			return lines;
		}
		const d = missingModelDetails(name, {
			modelsDir: this.deps.modelsDir,
			allowRemote: false,
			downloads: this.deps.mode,
		}, findKnownModel(name));
		lines.push(
			d.model_manager
				? `Default model '${name}' is not installed: download it at ${url}${d.model_manager} (or run: ${d.pull_command}).`
				: `Default model '${name}' is ${d.reason.startsWith('not installed') ? d.reason : `not available (${d.reason})`}: copy its files into ${d.folder}.`,
		);
		return lines;
	}

	dispose(): Promise<void> {
		return this.downloads.dispose();
	}
}
