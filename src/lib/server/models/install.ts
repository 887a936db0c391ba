import fs from 'node:fs';
import path from 'node:path';

/** Where downloads in progress live: a dot folder the model registry never lists. */
export const DOWNLOADS_FOLDER = '.downloads';

/** The temporary folder of one repository's download (kept after a failure, to resume). */
export function stagingDir(modelsDir: string, repo: string): string {
	return path.join(modelsDir, DOWNLOADS_FOLDER, repo.replace('/', '--'));
}

/**
 * Moves a complete, checked download into MODELS_DIR/<repo> with renames only, so the model
 * appears whole or not at all. Files of an installed copy that the download did not bring
 * (another dtype) are kept.
 */
export function installStaged(staging: string, modelsDir: string, repo: string): string {
	const target = path.join(modelsDir, repo);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	if (!fs.existsSync(target)) {
		fs.renameSync(staging, target);
		return target;
	}
	carryOver(target, staging);
	const old = `${staging}.old`;
	fs.rmSync(old, { recursive: true, force: true });
	fs.renameSync(target, old);
	fs.renameSync(staging, target);
	fs.rmSync(old, { recursive: true, force: true });
	return target;
}

/** Links (or copies) into `to` what `from` has and `to` lacks. */
function carryOver(from: string, to: string): void {
	for (const e of fs.readdirSync(from, { withFileTypes: true })) {
		const src = path.join(from, e.name);
		const dst = path.join(to, e.name);
		if (e.isDirectory()) {
			fs.mkdirSync(dst, { recursive: true });
			carryOver(src, dst);
		} else if (!fs.existsSync(dst)) {
			try {
				fs.linkSync(src, dst);
			} catch {
				fs.copyFileSync(src, dst);
			}
		}
	}
}

/** Removes a download's partial files, and the downloads folder when it is left empty. */
export function discardStaging(staging: string): void {
	fs.rmSync(staging, { recursive: true, force: true });
	const parent = path.dirname(staging);
	try {
		if (fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
	} catch {
		// Already gone, or another download is using it.
	}
}
