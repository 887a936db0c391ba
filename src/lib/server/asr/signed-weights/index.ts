import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InferenceSession } from 'onnxruntime-node';
import { signedWeights } from './convert';

export { signedWeights } from './convert';

let supported: boolean | undefined;

/**
 * Whether onnxruntime's uint8 × int8 product is exact here, so the rewrite changes speed only:
 * x86-64 with VNNI or AMX accumulates the byte products in 32 bits. Without them the AVX2 kernel
 * adds pairs of products in saturating 16-bit lanes (why quantizers offer `reduce_range`), which
 * uint8 × uint8 does not; there, and where the flags cannot be read, the weights stay as shipped.
 */
export function signedWeightsExact(): boolean {
	if (supported === undefined) {
		try {
			const flags = process.arch === 'x64' ? readFileSync('/proc/cpuinfo', 'utf8') : '';
			supported = /\b(avx512_vnni|avx_vnni|amx_int8)\b/.test(flags);
		} catch {
			supported = false;
		}
	}
	return supported;
}

/** The model file with int8 weights, or null when there is nothing to rewrite (or it cannot be). */
export async function readSigned(file: string): Promise<Uint8Array | null> {
	// Weights in an external data file are not in the bytes this edits.
	if (existsSync(`${file}_data`)) return null;
	return signedWeights(await readFile(file)).bytes;
}

export interface SessionSwap {
	sessions: Record<string, InferenceSession | undefined>;
	/** Session name → the file it was loaded from. */
	files: Record<string, string>;
	options: InferenceSession.SessionOptions;
}

/**
 * Replaces each session whose file has uint8 matmul weights with one made from the int8 rewrite,
 * keeping what transformers.js attached to it (`config`). The old session is released first, so
 * the model is not held twice; should the rewrite not load, the file is loaded as it is. Returns
 * the names replaced.
 */
export async function useSignedWeights({
	sessions,
	files,
	options,
}: SessionSwap): Promise<string[]> {
	const replaced: string[] = [];
	for (const [name, file] of Object.entries(files)) {
		const old = sessions[name];
		if (!old) continue;
		const bytes = await readSigned(file);
		if (!bytes) continue;
		const config = (old as { config?: unknown }).config;
		await old.release();
		let session: InferenceSession;
		try {
			session = await InferenceSession.create(bytes, options);
			replaced.push(name);
		} catch {
			session = await InferenceSession.create(file, options);
		}
		sessions[name] = Object.assign(session, { config });
	}
	return replaced;
}
