import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DomainError } from '../infra/errors';
import { networkReason, type HubFile } from './hub';

/** Consecutive failed attempts (no byte gained) before a file is given up. */
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 300;

/** A file that arrived complete but is not what the Hub listed: never installed. */
export class CorruptDownloadError extends DomainError {
	constructor(file: string, why: string) {
		super('MODEL_UNAVAILABLE', `Downloaded ${file} does not match the hub's listing (${why}); it was discarded.`, {
			file,
			reason: why,
		});
	}
}

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve, reject) => {
		const t = setTimeout(resolve, ms);
		signal.addEventListener(
			'abort',
			() => {
				clearTimeout(t);
				reject(signal.reason as Error);
			},
			{ once: true },
		);
	});

/**
 * Fetches `url` into `dest` + `.part`, resuming with an HTTP Range after a cut connection (and
 * from a `.part` an earlier attempt left), then checks size and hash and renames it to `dest`.
 * `onBytes` hears every byte gained (a resumed `.part` counts once, at the start).
 */
export async function fetchFile(
	url: string,
	dest: string,
	file: HubFile,
	onBytes: (n: number) => void,
	signal: AbortSignal,
): Promise<void> {
	const part = `${dest}.part`;
	let have = fs.existsSync(part) ? fs.statSync(part).size : 0;
	if (have > file.size) {
		fs.truncateSync(part, 0);
		have = 0;
	}
	if (have) onBytes(have);
	let failures = 0;
	while (have < file.size || (file.size === 0 && !fs.existsSync(part))) {
		const before = have;
		try {
			have = await fetchFrom(url, part, have, onBytes, signal);
			if (have < file.size) throw new Error('the connection closed early');
		} catch (e) {
			if (signal.aborted) throw e;
			if (e instanceof DomainError) throw e;
			have = fs.existsSync(part) ? fs.statSync(part).size : 0;
			failures = have > before ? 1 : failures + 1;
			if (failures >= MAX_ATTEMPTS) {
				throw new DomainError(
					'MODEL_UNAVAILABLE',
					`Downloading ${file.path} failed ${MAX_ATTEMPTS} times in a row (${networkReason(e)})`,
					{ file: file.path, reason: networkReason(e) },
				);
			}
			await sleep(RETRY_BASE_MS * failures, signal);
		}
	}
	await verify(part, file);
	fs.renameSync(part, dest);
}

/** One HTTP request from byte `from`; returns the bytes now in `part`. */
async function fetchFrom(
	url: string,
	part: string,
	from: number,
	onBytes: (n: number) => void,
	signal: AbortSignal,
): Promise<number> {
	const res = await fetch(url, { signal, headers: from ? { range: `bytes=${from}-` } : {} });
	if (res.status === 404) {
		throw new DomainError('NOT_FOUND', `The hub has no file at ${url}`, { resource: 'file' });
	}
	if (res.status === 416) return from; // asked past the end: the part is complete
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	let have = from;
	if (from && res.status !== 206) {
		// The server ignored the range: start over rather than append the whole file again.
		fs.truncateSync(part, 0);
		onBytes(-from);
		have = 0;
	}
	const out = fs.openSync(part, have ? 'a' : 'w');
	try {
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			fs.writeSync(out, chunk);
			have += chunk.byteLength;
			onBytes(chunk.byteLength);
		}
	} finally {
		fs.closeSync(out);
	}
	return have;
}

async function verify(part: string, file: HubFile): Promise<void> {
	const size = fs.statSync(part).size;
	const fail = (why: string) => {
		fs.rmSync(part, { force: true });
		return new CorruptDownloadError(file.path, why);
	};
	if (size !== file.size) throw fail(`${size} bytes instead of ${file.size}`);
	if (!file.sha256 && !file.gitOid) return;
	const hash = createHash(file.sha256 ? 'sha256' : 'sha1');
	if (!file.sha256) hash.update(`blob ${size}\0`);
	for await (const chunk of fs.createReadStream(part)) hash.update(chunk as Buffer);
	const digest = hash.digest('hex');
	const expected = (file.sha256 ?? file.gitOid)!.toLowerCase();
	if (digest !== expected) throw fail(`${file.sha256 ? 'sha256' : 'git blob id'} differs`);
}
