import fs from 'node:fs';
import { promisify } from 'node:util';
import { DomainError } from '../infra/errors';
import { WAV_HEADER_BYTES, wavHeader } from '../infra/media/wav';

const fdatasync = promisify(fs.fdatasync);

export interface WavFormat {
	sampleRate: number;
	channels: number;
}

/**
 * A 16-bit PCM WAV file written incrementally at sample offsets. Each write lands at
 * 44 + frame * channels * 2, so a chunk written twice or out of order leaves the same bytes.
 *
 * Durability: `write` is a synchronous write() into the page cache, so once it returns the data
 * survives a crash of this process (the chunk may then be acknowledged). `flush` (fdatasync)
 * runs in the thread pool, about every second and on finalise, bounding what a power loss could
 * take without making acknowledgements wait for the disk.
 */
export class WavSink {
	private dirty = false;
	private flushing: Promise<void> | undefined;
	private closed = false;

	private constructor(
		readonly file: string,
		private readonly fd: number,
		readonly format: WavFormat,
	) {}

	/** Creates the file with a header that claims no data yet (recovery sizes it from the length). */
	static create(file: string, format: WavFormat): WavSink {
		const fd = fs.openSync(file, 'wx+');
		try {
			fs.writeSync(fd, wavHeader({ ...format, dataBytes: 0 }), 0, WAV_HEADER_BYTES, 0);
		} catch (err) {
			fs.closeSync(fd);
			throw err;
		}
		return new WavSink(file, fd, format);
	}

	/** Opens an existing recording to write on (a session resumed after an interruption). */
	static reopen(file: string, format: WavFormat): WavSink {
		return new WavSink(file, fs.openSync(file, 'r+'), format);
	}

	get frameBytes(): number {
		return this.format.channels * 2;
	}

	write(frame: number, bytes: Uint8Array): void {
		let done = 0;
		const at = WAV_HEADER_BYTES + frame * this.frameBytes;
		try {
			while (done < bytes.byteLength) {
				done += fs.writeSync(this.fd, bytes, done, bytes.byteLength - done, at + done);
			}
		} catch (err) {
			throw new DomainError(
				'AUDIO_RECORDER_ERROR',
				`Could not write the audio to disk (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
			);
		}
		this.dirty = true;
	}

	/** The bytes held at `frame` (for comparing a rewrite with what is there). */
	read(frame: number, frames: number): Buffer {
		const out = Buffer.alloc(frames * this.frameBytes);
		let done = 0;
		const at = WAV_HEADER_BYTES + frame * this.frameBytes;
		while (done < out.byteLength) {
			const n = fs.readSync(this.fd, out, done, out.byteLength - done, at + done);
			if (n === 0) break;
			done += n;
		}
		return out;
	}

	/** fdatasync when anything was written since the last one; one at a time. */
	flush(): Promise<void> {
		if (this.flushing) return this.flushing;
		if (!this.dirty || this.closed) return Promise.resolve();
		this.dirty = false;
		this.flushing = fdatasync(this.fd).finally(() => (this.flushing = undefined));
		return this.flushing;
	}

	/** Writes the final header for `frames`, trims anything past them, syncs and closes. */
	async finalise(frames: number): Promise<number> {
		await this.settle();
		const dataBytes = frames * this.frameBytes;
		fs.writeSync(this.fd, wavHeader({ ...this.format, dataBytes }), 0, WAV_HEADER_BYTES, 0);
		fs.ftruncateSync(this.fd, WAV_HEADER_BYTES + dataBytes);
		await fdatasync(this.fd);
		this.close();
		return WAV_HEADER_BYTES + dataBytes;
	}

	/** Closes and removes the file. */
	async discard(): Promise<void> {
		await this.settle();
		this.close();
		// In the thread pool: unlinking a long recording frees its pages, which took ~12 ms of
		// the event loop (every other stream's acks) per file at the bench's sizes.
		await fs.promises.rm(this.file, { force: true });
	}

	/** Closes without finalising: what was written stays for recovery to repair. */
	async abandon(): Promise<void> {
		await this.settle();
		this.close();
	}

	private async settle(): Promise<void> {
		// The fd must not be closed under an fdatasync still running in the thread pool.
		await this.flushing?.catch(() => undefined);
	}

	private close(): void {
		if (this.closed) return;
		this.closed = true;
		fs.closeSync(this.fd);
	}
}

/**
 * Makes a WAV left behind by a crash valid again: the data size comes from the file length, a
 * partial last frame is cut off, and the header is rewritten. Returns the frames kept.
 */
export function repairWav(file: string, format: WavFormat): { frames: number; sizeBytes: number } {
	const frameBytes = format.channels * 2;
	const fd = fs.openSync(file, 'r+');
	try {
		const length = fs.fstatSync(fd).size;
		const frames = Math.max(0, Math.floor((length - WAV_HEADER_BYTES) / frameBytes));
		const dataBytes = frames * frameBytes;
		fs.writeSync(fd, wavHeader({ ...format, dataBytes }), 0, WAV_HEADER_BYTES, 0);
		fs.ftruncateSync(fd, WAV_HEADER_BYTES + dataBytes);
		fs.fdatasyncSync(fd);
		return { frames, sizeBytes: WAV_HEADER_BYTES + dataBytes };
	} finally {
		fs.closeSync(fd);
	}
}
