import type { FieldError } from '../../contracts/errors';
import { toLanguageCode } from '../../contracts/languages';
import { findKnownModel, resolveModel } from '../asr';
import { ValidationError } from '../infra/errors';

interface ModelSettings {
	whisper_model?: string;
	whisper_language?: string | null;
}

/**
 * Checks the model and language of a settings update against what exists: a language Whisper
 * knows (or auto), a model installed in MODELS_DIR (read afresh, so a folder copied in by hand
 * counts without a restart) or in the catalogue. Returns the update with the language as its
 * code (`French` → `fr`, `auto` → null); throws a 422 naming each bad field.
 */
export function checkModelSettings<T extends ModelSettings>(patch: T, modelsDir: string): T {
	const fields: FieldError[] = [];
	const out = { ...patch };
	if (typeof patch.whisper_language === 'string') {
		const code =
			patch.whisper_language.trim().toLowerCase() === 'auto'
				? null
				: toLanguageCode(patch.whisper_language);
		if (code === undefined) {
			fields.push({
				path: 'whisper_language',
				message: `'${patch.whisper_language}' is not a language Whisper knows: use a code such as en or de, or auto`,
				code: 'unknown_language',
			});
		} else out.whisper_language = code;
	}
	if (patch.whisper_model !== undefined && !isUsableModel(patch.whisper_model, modelsDir)) {
		fields.push({
			path: 'whisper_model',
			message: `'${patch.whisper_model}' is neither installed nor in the catalogue: choose one in Settings → Models`,
			code: 'unknown_model',
		});
	}
	if (fields.length) throw new ValidationError('Configuration is invalid', fields);
	return out;
}

function isUsableModel(name: string, modelsDir: string): boolean {
	if (findKnownModel(name)) return true;
	try {
		return resolveModel(name, { modelsDir, allowRemote: false }).kind === 'local';
	} catch {
		return false;
	}
}
