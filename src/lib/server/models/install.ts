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
	removeIfEmpty(path.dirname(staging));
}

/** Removes the downloads folder once nothing is left in it. */
export function removeIfEmpty(dir: string): void {
	try {
		if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
	} catch {
		// Already gone, or another download is using it.
	}
}

/**
 * Claims a download's staging folder for this process (the server and a CLI `models pull` may
 * run side by side): a `.lock` file beside it names the owner's pid. A lock whose process is
 * gone (a crash, a restart) is taken over. Returns the release function, or the owner's pid.
 */
export function lockStaging(staging: string): (() => void) | number {
	const lock = `${staging}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			return () => fs.rmSync(lock, { force: true });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const owner = Number(fs.readFileSync(lock, 'utf8'));
			if (owner && owner !== process.pid && alive(owner)) return owner;
			fs.rmSync(lock, { force: true });
		}
	}
	throw new Error(`could not lock ${staging}`);
}

/** The live process holding a staging folder's lock, if any. */
export function lockOwner(staging: string): number | null {
	try {
		const owner = Number(fs.readFileSync(`${staging}.lock`, 'utf8'));
		return owner && alive(owner) ? owner : null;
	} catch {
		return null;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}
