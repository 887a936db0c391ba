import fs from 'node:fs/promises';

/**
 * Writes a file and flushes it to the disk before resolving, so that a file reported done
 * survives a power cut. On failure (a full disk) the partial file is removed and the error
 * is thrown on.
 */
export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
	const file = await fs.open(path, 'w');
	try {
		await file.writeFile(data);
		await file.sync();
	} catch (err) {
		await file.close().catch(() => undefined);
		await fs.rm(path, { force: true });
		throw err;
	}
	await file.close();
}
