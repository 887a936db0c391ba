import fs from 'node:fs';
import path from 'node:path';
import { MODEL_MANAGER_PATH, ModelUnavailableError } from '../infra/errors';
import { findKnownModel, KNOWN_MODELS, type KnownModel } from './catalog';

/** transformers.js file suffix per dtype (see shared/docs/whisper-onnx-facts.md). */
export const DTYPE_SUFFIX = {
	fp32: '',
	fp16: '_fp16',
	q8: '_quantized',
	int8: '_int8',
	uint8: '_uint8',
	q4: '_q4',
	q4f16: '_q4f16',
	bnb4: '_bnb4',
} as const;
export type Dtype = keyof typeof DTYPE_SUFFIX;

export const SUB_MODELS = ['encoder_model', 'decoder_model_merged'] as const;
export type SubModel = (typeof SUB_MODELS)[number];

export interface LocalModel {
	/** Folder path relative to MODELS_DIR, e.g. `whisper-test` or `onnx-community/whisper-base`. */
	id: string;
	dir: string;
	family: 'whisper';
	/** tiny|base|small|medium|large|custom, derived from the architecture. */
	size: string;
	multilingual: boolean;
	numMelBins: number;
	/** Dtypes present for every sub-model. */
	dtypes: Dtype[];
	bytes: number;
}

/** The JSON files transformers.js reads from a Whisper folder (shared/docs/whisper-onnx-facts.md). */
export const REQUIRED_FILES = [
	'config.json',
	'generation_config.json',
	'preprocessor_config.json',
	'tokenizer.json',
	'tokenizer_config.json',
];

function sizeFromConfig(c: { d_model?: number; decoder_layers?: number }): string {
	const byWidth: Record<number, string> = {
		384: 'tiny',
		512: 'base',
		768: 'small',
		1024: 'medium',
		1280: 'large',
	};
	const size = byWidth[c.d_model ?? 0] ?? 'custom';
	return size === 'large' && c.decoder_layers === 4 ? 'large-turbo' : size;
}

/** A folder, or a link to one (models are often linked in from a shared disk). */
function isFolder(parent: string, e: fs.Dirent): boolean {
	if (e.isDirectory()) return true;
	if (!e.isSymbolicLink()) return false;
	try {
		return fs.statSync(path.join(parent, e.name)).isDirectory();
	} catch {
		return false; // a dangling link
	}
}

function dirBytes(dir: string): number {
	let total = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		try {
			total += isFolder(dir, e) ? dirBytes(p) : fs.statSync(p).size;
		} catch {
			// A dangling link counts for nothing.
		}
	}
	return total;
}

/** The fields of a model's config.json read here. */
interface ModelConfig {
	model_type?: string;
	d_model?: number;
	decoder_layers?: number;
	num_mel_bins?: number;
}

/** The field of a model's generation_config.json read here. */
interface GenerationConfig {
	is_multilingual?: boolean;
}

/** Reads one folder as a Whisper model, or undefined when it is not a complete one. */
export function inspectModelDir(modelsDir: string, id: string): LocalModel | undefined {
	const dir = path.join(modelsDir, id);
	if (!REQUIRED_FILES.every((f) => fs.existsSync(path.join(dir, f)))) return undefined;
	let config: ModelConfig;
	let generation: GenerationConfig;
	try {
		config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as ModelConfig;
		generation = JSON.parse(
			fs.readFileSync(path.join(dir, 'generation_config.json'), 'utf8'),
		) as GenerationConfig;
	} catch {
		return undefined;
	}
	if (config.model_type !== 'whisper') return undefined;
	const onnx = path.join(dir, 'onnx');
	const files = fs.existsSync(onnx) ? new Set(fs.readdirSync(onnx)) : new Set<string>();
	const dtypes = (Object.keys(DTYPE_SUFFIX) as Dtype[]).filter((d) =>
		SUB_MODELS.every((m) => files.has(`${m}${DTYPE_SUFFIX[d]}.onnx`)),
	);
	if (!dtypes.length) return undefined;
	return {
		id,
		dir,
		family: 'whisper',
		size: sizeFromConfig(config),
		multilingual: generation.is_multilingual ?? true,
		numMelBins: config.num_mel_bins ?? 80,
		dtypes,
		bytes: dirBytes(dir),
	};
}

/** Every complete Whisper model under MODELS_DIR, one or two folder levels deep (`org/name`). */
export function listLocalModels(modelsDir: string): LocalModel[] {
	if (!fs.existsSync(modelsDir)) return [];
	const found: LocalModel[] = [];
	for (const top of fs.readdirSync(modelsDir, { withFileTypes: true })) {
		// Dot folders hold downloads in progress (models/.downloads): never offered or loaded.
		if (!isFolder(modelsDir, top) || top.name.startsWith('.')) continue;
		const direct = inspectModelDir(modelsDir, top.name);
		if (direct) {
			found.push(direct);
			continue;
		}
		const parent = path.join(modelsDir, top.name);
		for (const sub of fs.readdirSync(parent, { withFileTypes: true })) {
			if (!isFolder(parent, sub) || sub.name.startsWith('.')) continue;
			const nested = inspectModelDir(modelsDir, `${top.name}/${sub.name}`);
			if (nested) found.push(nested);
		}
	}
	return found.sort((a, b) => a.id.localeCompare(b.id));
}

export type ResolvedModel =
	| { kind: 'local'; model: LocalModel; requested: string }
	| { kind: 'remote'; hubId: string; requested: string; known?: KnownModel };

/** Model ids are folder names or Hub ids: letters, digits, `._-` and at most one `/`. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$/;

export interface ResolveOptions {
	modelsDir: string;
	/** Let transformers.js fetch a missing model itself (benchmarks only: jobs never do). */
	allowRemote: boolean;
	/** What the model manager may download, so the error says what works here. */
	downloads?: 'catalog' | 'any' | 'off';
}

/**
 * Maps what a user asked for (a contract size, a short name, a local folder or a Hub id) to a
 * local folder, or to a Hub download when remote models are allowed. Anything else is
 * MODEL_UNAVAILABLE naming the folder to fill and, where downloads work, the model manager and
 * the command that fill it.
 */
export function resolveModel(requested: string, opts: ResolveOptions): ResolvedModel {
	const known = findKnownModel(requested);
	const id = requested.trim();
	if (!known && !MODEL_ID.test(id)) {
		throw new ModelUnavailableError(id.slice(0, 100), {
			folder: opts.modelsDir,
			reason: 'not a model name, folder name or Hub id',
		});
	}
	const candidates = [
		id,
		...(known
			? [known.hubId, `whisper-${known.name}`, known.name, known.hubId.split('/')[1]!]
			: []),
	];
	for (const candidate of new Set(candidates)) {
		if (!MODEL_ID.test(candidate)) continue;
		const local = inspectModelDir(opts.modelsDir, candidate);
		if (local) return { kind: 'local', model: local, requested: id };
	}
	const hubId = known?.hubId ?? (id.includes('/') ? id : undefined);
	if (hubId && opts.allowRemote) return { kind: 'remote', hubId, requested: id, known };
	throw new ModelUnavailableError(id, missingModelDetails(id, opts, known));
}

/** What a "model missing" error offers: only the ways that work with this server's settings. */
export function missingModelDetails(id: string, opts: ResolveOptions, known?: KnownModel) {
	const mode = opts.downloads ?? 'catalog';
	const hubId = known?.hubId ?? (id.includes('/') ? id : undefined);
	const folder = path.join(opts.modelsDir, hubId ?? id);
	const downloadable = mode === 'any' ? Boolean(hubId) : mode === 'catalog' && Boolean(known);
	if (downloadable) {
		return {
			folder,
			reason: 'not installed',
			model_manager: MODEL_MANAGER_PATH,
			pull_command: `npx meetingscribe models pull ${known?.name ?? id}`,
		};
	}
	return {
		folder,
		reason:
			mode === 'off' && hubId
				? 'not installed, and downloads are off on this server (MODEL_DOWNLOADS=off)'
				: hubId
					? 'not installed, and only catalogue models may be downloaded here (MODEL_DOWNLOADS=catalog)'
					: 'no such installed model, and it is not in the catalogue',
	};
}

/** The list the API and CLI show: local models plus the downloadable family. */
export function modelCatalog(modelsDir: string) {
	const local = listLocalModels(modelsDir);
	return {
		local,
		downloadable: KNOWN_MODELS.map((m) => ({
			...m,
			installed: local.some((l) => l.id === m.hubId || l.id === `whisper-${m.name}`),
		})),
	};
}

/** Picks the dtype to load: the preferred one if present, else the fastest present on CPU. */
export function chooseDtype(model: LocalModel, preferred?: Dtype): Dtype {
	if (preferred && model.dtypes.includes(preferred)) return preferred;
	// Measured on 2 vCPUs: q8 fastest, then q4, fp32; fp16 is slow on CPU.
	const order: Dtype[] = ['q8', 'int8', 'uint8', 'q4', 'fp32', 'bnb4', 'q4f16', 'fp16'];
	return order.find((d) => model.dtypes.includes(d)) ?? model.dtypes[0]!;
}
