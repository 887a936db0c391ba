import path from 'node:path';
import { findKnownModel } from '../asr';
import { findDiarizationModel } from '../diarization';
import type { ModelDownloadsMode } from '../infra/config/env';
import { DomainError, ForbiddenError } from '../infra/errors';

/** A Hub repository id: `owner/name`. */
const HUB_REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** What a download request names, once MODEL_DOWNLOADS has allowed it. */
export function downloadTarget(
	name: string,
	mode: ModelDownloadsMode,
	modelsDir: string,
): { model: string; hubId: string; files?: readonly string[] } {
	const diarization = findDiarizationModel(name);
	const known = diarization ? undefined : findKnownModel(name);
	if (diarization && mode !== 'off')
		return { model: diarization.name, hubId: diarization.hubId, files: diarization.files };
	const repo = diarization?.hubId ?? known?.hubId ?? (HUB_REPO.test(name) ? name : undefined);
	if (!repo) {
		throw new DomainError('NOT_FOUND', `No model '${name.slice(0, 100)}' in the catalogue`, {
			resource: 'model',
			id: name.slice(0, 100),
		});
	}
	if (mode === 'off') {
		throw new ForbiddenError(
			`Downloads are off on this server (MODEL_DOWNLOADS=off): copy the model's files into ${path.join(modelsDir, repo)}.`,
		);
	}
	if (!known && mode !== 'any') {
		throw new ForbiddenError(
			`Only catalogue models can be downloaded on this server, and '${repo}' is not one of them (the operator can allow any Hub repository with MODEL_DOWNLOADS=any).`,
		);
	}
	return { model: known?.name ?? repo, hubId: repo };
}
