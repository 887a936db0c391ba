import { isSafeId } from '../../../contracts/ids';
import fs from 'node:fs';
import path from 'node:path';
import { BadRequestError } from '../errors';

export const DATA_SUBDIRS = ['recordings', 'uploads', 'exports', 'tmp'] as const;
export type DataArea = (typeof DATA_SUBDIRS)[number];

export function assertSafeId(id: string, what = 'id'): string {
	if (!isSafeId(id)) {
		throw new BadRequestError(`Invalid ${what}: use the id the API returned`, { [what]: id });
	}
	return id;
}

/**
 * The DATA_DIR layout. Files are addressed by area and a server-made name only; every resolved
 * path is checked to stay inside its area so no client input can point elsewhere.
 */
export class DataDir {
	readonly root: string;
	readonly databaseFile: string;

	constructor(root: string) {
		this.root = path.resolve(root);
		this.databaseFile = path.join(this.root, 'meetingscribe.db');
	}

	/** Creates the folder tree; cheap and idempotent. */
	ensure(): void {
		for (const area of DATA_SUBDIRS) fs.mkdirSync(path.join(this.root, area), { recursive: true });
	}

	/** Absolute path of an area's folder. */
	area(area: DataArea): string {
		return path.join(this.root, area);
	}

	/** Absolute path of `name` in `area`; throws if it would escape the area. */
	resolve(area: DataArea, name: string): string {
		const base = path.join(this.root, area);
		const full = path.resolve(base, name);
		if (!full.startsWith(base + path.sep)) {
			throw new BadRequestError('Invalid file reference');
		}
		return full;
	}

	/** A stored relative path (as kept in the database) back to an absolute, checked path. */
	fromRelative(relPath: string): string {
		const [area, ...rest] = relPath.split('/');
		if (!DATA_SUBDIRS.includes(area as DataArea) || rest.length === 0) {
			throw new BadRequestError('Invalid file reference');
		}
		return this.resolve(area as DataArea, rest.join('/'));
	}

	relative(area: DataArea, name: string): string {
		this.resolve(area, name);
		return `${area}/${name}`;
	}
}
