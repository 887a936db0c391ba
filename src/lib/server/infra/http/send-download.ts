import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NotFoundError } from '../errors';
import { contentDisposition } from './content-disposition';
import { parseRange } from './range';
import { errorResponse } from './respond';

/** What to send: a stored file (streamed, seekable) or bytes made on request. */
export type Download =
	| { kind: 'file'; path: string; filename: string; contentType: string }
	| { kind: 'data'; data: Buffer; filename: string; contentType: string };

/** Strong validator for If-Range: size and modification time identify a stored file's bytes. */
const etagOf = (size: number, mtimeMs: number) =>
	`"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;

/** If-Range holds when it names the current ETag or Last-Modified; otherwise send it all. */
function ifRangeHolds(value: string | null, etag: string, lastModified: string): boolean {
	if (value === null) return true;
	return value.trim() === etag || value.trim() === lastModified;
}

/**
 * Answers a download. Stored files are streamed from an open handle (never read into memory,
 * and immune to a delete between lookup and read) with single-range support, so media elements
 * can seek: 206 + Content-Range, or 416 with `Content-Range: bytes *\/size`.
 */
export async function sendDownload(request: Request, download: Download): Promise<Response> {
	const headers = new Headers({
		'content-type': download.contentType,
		'content-disposition': contentDisposition(download.filename),
		'x-content-type-options': 'nosniff',
	});
	const head = request.method === 'HEAD';
	if (download.kind === 'data') {
		headers.set('content-length', String(download.data.length));
		headers.set('accept-ranges', 'none');
		return new Response(head ? null : new Uint8Array(download.data), { headers });
	}

	const handle = await fs.open(download.path, 'r').catch((err: NodeJS.ErrnoException) => {
		if (err.code === 'ENOENT') throw new NotFoundError('Stored file', download.filename);
		throw err;
	});
	let streaming = false;
	try {
		const stat = await handle.stat();
		const etag = etagOf(stat.size, stat.mtimeMs);
		const lastModified = stat.mtime.toUTCString();
		headers.set('accept-ranges', 'bytes');
		headers.set('etag', etag);
		headers.set('last-modified', lastModified);

		const rangeHeader = ifRangeHolds(request.headers.get('if-range'), etag, lastModified)
			? request.headers.get('range')
			: null;
		const range = parseRange(rangeHeader, stat.size);
		if (range === 'unsatisfiable') {
			const res = errorResponse(
				'RANGE_NOT_SATISFIABLE',
				`The range '${rangeHeader}' is outside the file (${stat.size} bytes)`,
				{ size_bytes: stat.size },
			);
			res.headers.set('content-range', `bytes */${stat.size}`);
			return res;
		}
		const { start, end } = range ?? { start: 0, end: stat.size - 1 };
		headers.set('content-length', String(Math.max(0, end - start + 1)));
		if (range) headers.set('content-range', `bytes ${start}-${end}/${stat.size}`);
		const status = range ? 206 : 200;
		if (head || stat.size === 0) return new Response(null, { status, headers });

		const stream = handle.createReadStream({ start, end });
		streaming = true;
		return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
	} finally {
		// The stream closes the handle when it ends or is cancelled (the client went away).
		if (!streaming) await handle.close();
	}
}
