import { DomainError } from '../infra/errors';

/** A file of a Hub repository, with what the listing says to check it against. */
export interface HubFile {
	path: string;
	size: number;
	/** LFS files: the sha256 of the content. */
	sha256?: string;
	/** Plain git files: the git blob id (sha1 of `blob <size>\0` + content). */
	gitOid?: string;
}

interface TreeEntry {
	type?: string;
	path?: string;
	size?: number;
	oid?: string;
	lfs?: { oid?: string; size?: number };
}

/** The Hub (or the local test Hub) cannot be reached: one sentence, with the folder to fill. */
export class HubUnreachableError extends DomainError {
	constructor(endpoint: string, folder: string, cause: string) {
		super(
			'MODEL_UNAVAILABLE',
			`The model hub at ${endpoint} cannot be reached (${cause}); copy the model's files into ${folder} by hand instead.`,
			{ endpoint, folder, reason: cause },
		);
	}
}

/** Why a fetch failed, in a few words (undici hides the system error in `cause`). */
export function networkReason(e: unknown): string {
	const cause = (e as { cause?: { code?: string; message?: string } }).cause;
	return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}

export const repoUrl = (endpoint: string, repo: string) =>
	`${endpoint}/api/models/${repo}/tree/main?recursive=true`;

export const fileUrl = (endpoint: string, repo: string, file: string) =>
	`${endpoint}/${repo}/resolve/main/${file.split('/').map(encodeURIComponent).join('/')}`;

/** Lists a repository's files with sizes and hashes (the Hub's tree API). */
export async function listRepoFiles(
	endpoint: string,
	repo: string,
	folder: string,
	signal?: AbortSignal,
): Promise<HubFile[]> {
	let res: Response;
	try {
		res = await fetch(repoUrl(endpoint, repo), { signal, headers: { accept: 'application/json' } });
	} catch (e) {
		if (signal?.aborted) throw e;
		throw new HubUnreachableError(endpoint, folder, networkReason(e));
	}
	if (res.status === 404 || res.status === 401) {
		throw new DomainError('NOT_FOUND', `The hub at ${endpoint} has no repository '${repo}'`, {
			resource: 'hub repository',
			id: repo,
		});
	}
	if (!res.ok) {
		throw new HubUnreachableError(endpoint, folder, `HTTP ${res.status} for the file listing`);
	}
	const entries = (await res.json()) as TreeEntry[];
	if (!Array.isArray(entries)) {
		throw new HubUnreachableError(endpoint, folder, 'the file listing is not a list');
	}
	return entries
		.filter((e) => e.type === 'file' && typeof e.path === 'string')
		.map((e) => ({
			path: e.path!,
			size: e.lfs?.size ?? e.size ?? 0,
			sha256: e.lfs?.oid,
			gitOid: e.lfs ? undefined : e.oid,
		}));
}
