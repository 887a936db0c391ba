import { sanitizeFileName } from '../storage/filenames';
import { idleWatchdog } from './idle';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { BadRequestError, knownFailure, PayloadTooLargeError, ValidationError } from '../errors';

export interface UploadedFile {
	/** Where the bytes were streamed to (the caller moves or deletes it). */
	tmpPath: string;
	originalName: string;
	/** What the client claimed; never trusted for the format (content is probed instead). */
	mimeType: string;
	size: number;
}

export interface MultipartResult {
	/** Each field's last value. */
	fields: Record<string, string>;
	/** Every value of each field, for repeated ones (`timestamp_granularities[]`). */
	fieldValues: Record<string, string[]>;
	file: UploadedFile | undefined;
}

export interface MultipartOptions {
	/** Folder for the temporary file. */
	tmpDir: string;
	maxFileBytes: number;
	fileField: string;
	maxFields?: number;
}

/**
 * Streams a multipart body to disk (never into memory). Oversized files are a 413, a body cut off
 * mid-way a 400, more than one file a 422; partial files are removed on every failure.
 */
export async function readMultipart(
	request: Request,
	opts: MultipartOptions,
): Promise<MultipartResult> {
	const contentType = request.headers.get('content-type') ?? '';
	if (!request.body) throw new BadRequestError('Request has no body');
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': contentType },
			limits: {
				fileSize: opts.maxFileBytes,
				// One file is accepted; a second is seen (so it can be refused), not silently dropped.
				files: 2,
				fields: opts.maxFields ?? 50,
				fieldSize: 64 * 1024,
			},
		});
	} catch (e) {
		throw new BadRequestError(`Malformed multipart request: ${(e as Error).message}`);
	}
	const fields: Record<string, string> = {};
	const fieldValues: Record<string, string[]> = {};
	let file: UploadedFile | undefined;
	let activeFile: Readable | undefined;
	const writes: Promise<void>[] = [];
	let failure: Error | undefined;
	// Stream errors mean a cut-off or malformed body: the client's fault, a 400.
	const fail = (e: Error) => {
		failure ??=
			knownFailure(e) ?? new BadRequestError(`The upload was cut off or malformed: ${e.message}`);
	};

	parser.on('field', (name, value, info) => {
		if (info.valueTruncated) fail(new PayloadTooLargeError(64 * 1024));
		fields[name] = value;
		(fieldValues[name] ??= []).push(value);
	});
	const tooMany = () =>
		fail(
			new ValidationError('Send one file only', [
				{ path: opts.fileField, message: 'Only one file is accepted', code: 'too_many_files' },
			]),
		);
	parser.on('filesLimit', tooMany);
	parser.on('file', (name, stream, info) => {
		if (name !== opts.fileField) {
			// Drained, never stored: a file under another name is an error, not ignored.
			stream.resume();
			fail(
				new ValidationError(`Unexpected file field '${name}'`, [
					{
						path: name,
						message: `Send the file as the field '${opts.fileField}'`,
						code: 'unexpected_file',
					},
				]),
			);
			return;
		}
		if (file) {
			stream.resume();
			tooMany();
			return;
		}
		const tmpPath = path.join(opts.tmpDir, `upload-${randomUUID()}`);
		const entry: UploadedFile = {
			tmpPath,
			originalName: cleanFilename(info.filename),
			mimeType: info.mimeType,
			size: 0,
		};
		file = entry;
		activeFile = stream;
		stream.on('data', (d: Buffer) => (entry.size += d.length));
		stream.on('limit', () => fail(new PayloadTooLargeError(opts.maxFileBytes)));
		// Each write's failure is recorded at once: an unawaited rejection would crash the process.
		// On a failed write (a full disk) the rest of the part is read and dropped, so the body
		// is consumed and the error is answered at once, on a connection that stays usable.
		const out = createWriteStream(tmpPath);
		writes.push(
			new Promise<void>((resolve) => {
				out.on('finish', resolve);
				out.on('error', (e) => {
					fail(e);
					stream.unpipe(out);
					stream.resume();
					resolve();
				});
				stream.on('error', (e) => {
					fail(e);
					out.destroy();
					resolve();
				});
				stream.on('close', () => {
					if (stream.readableEnded) return;
					out.destroy();
					resolve();
				});
				stream.pipe(out);
			}),
		);
	});

	try {
		const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
		// A stalled upload fails with 408 (and its partial file goes) instead of waiting forever.
		// The request stream itself is left alone (not destroyed), so the 408 can still be sent.
		const watchdog = idleWatchdog();
		body.on('error', (e) => watchdog.destroy(e));
		watchdog.on('error', () => body.unpipe(watchdog));
		body.pipe(watchdog);
		await pipeline(watchdog, parser);
	} catch (e) {
		fail(e as Error);
	}
	// A parser that stopped mid-file leaves its file stream open: end it, so its write settles.
	if (failure && activeFile && !activeFile.readableEnded) activeFile.destroy(failure);
	await Promise.all(writes);
	if (failure) {
		if (file) await rm(file.tmpPath, { force: true });
		throw failure;
	}
	return { fields, fieldValues, file };
}

/** Only the base name, made safe (storage/filenames.ts). */
function cleanFilename(name: string | undefined): string {
	return sanitizeFileName(path.basename(name ?? ''), 200, 'upload');
}

/** Removes an upload's temporary file (when the request it came with is rejected). */
export async function discardUpload(file: UploadedFile): Promise<void> {
	await rm(file.tmpPath, { force: true });
}
