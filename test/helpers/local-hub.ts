import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TEST_MODELS_DIR, TEST_MODEL } from './server';

/** The generated test model, served under catalogue ids so that the real downloader fetches it. */
export const FIXTURE_DIR = path.join(TEST_MODELS_DIR, TEST_MODEL);
export const CATALOG_REPOS = [
	'onnx-community/whisper-tiny',
	'onnx-community/whisper-tiny.en',
	'onnx-community/whisper-base',
	'onnx-community/whisper-base.en',
	'onnx-community/whisper-small',
];

export interface HubRequest {
	path: string;
	range: string | undefined;
}

/**
 * A local stand-in for the Hugging Face Hub with its URL layout: the tree listing
 * (`/api/models/{repo}/tree/main?recursive=true`, sizes, LFS sha256 for .onnx files, git blob
 * ids for the rest) and `/{repo}/resolve/main/{file}` with Range support. Switches make it cut a
 * connection mid-file, serve a corrupted file, or send slowly.
 */
export interface LocalHub {
	url: string;
	requests: HubRequest[];
	/** The next full request of `file` sends `bytes` bytes, then the connection is cut. */
	cutOnce(file: string, bytes: number): void;
	/** `file` is served with one byte changed (same size), until cleared. */
	corrupt(file: string | undefined): void;
	/** Bytes a second for every file (0: as fast as possible). */
	throttle(bytesPerSecond: number): void;
	close(): Promise<void>;
}

function listFiles(dir: string, base = ''): string[] {
	return fs.readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((e) => {
		const rel = base ? `${base}/${e.name}` : e.name;
		return e.isDirectory() ? listFiles(dir, rel) : [rel];
	});
}

function treeEntry(dir: string, rel: string) {
	const data = fs.readFileSync(path.join(dir, rel));
	const gitOid = createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
	if (!rel.endsWith('.onnx')) return { type: 'file', path: rel, size: data.length, oid: gitOid };
	const sha256 = createHash('sha256').update(data).digest('hex');
	// The Hub lists the git pointer's id beside the LFS object's sha256.
	return {
		type: 'file',
		path: rel,
		size: data.length,
		oid: gitOid,
		lfs: { oid: sha256, size: data.length, pointerSize: 134 },
	};
}

export async function startLocalHub(
	repos: Record<string, string> = Object.fromEntries(CATALOG_REPOS.map((r) => [r, FIXTURE_DIR])),
): Promise<LocalHub> {
	const requests: HubRequest[] = [];
	const cuts = new Map<string, number>();
	let corrupted: string | undefined;
	let rate = 0;

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://hub');
		requests.push({ path: url.pathname, range: req.headers.range });
		const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/main$/.exec(url.pathname);
		if (tree) {
			const dir = repos[tree[1]!];
			if (!dir) return notFound(res);
			const dirs = [...new Set(listFiles(dir).map((f) => path.posix.dirname(f)))]
				.filter((d) => d !== '.')
				.map((d) => ({ type: 'directory', path: d, size: 0, oid: '0'.repeat(40) }));
			const body = JSON.stringify([...dirs, ...listFiles(dir).map((f) => treeEntry(dir, f))]);
			res.writeHead(200, { 'content-type': 'application/json' });
			return res.end(body);
		}
		const file = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
		const dir = file && repos[file[1]!];
		const rel = file && decodeURIComponent(file[2]!);
		if (!dir || !rel || rel.includes('..') || !fs.existsSync(path.join(dir, rel)))
			return notFound(res);
		let data = fs.readFileSync(path.join(dir, rel));
		if (corrupted === rel) {
			data = Buffer.from(data);
			data[data.length >> 1] = data[data.length >> 1]! ^ 0xff;
		}
		let start = 0;
		const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
		if (m) {
			start = Number(m[1]);
			if (start >= data.length) {
				res.writeHead(416, { 'content-range': `bytes */${data.length}` });
				return res.end();
			}
			res.writeHead(206, {
				'content-length': data.length - start,
				'content-range': `bytes ${start}-${data.length - 1}/${data.length}`,
				'accept-ranges': 'bytes',
			});
		} else {
			res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' });
		}
		const cutAt = start === 0 ? cuts.get(rel) : undefined;
		if (cutAt !== undefined) cuts.delete(rel);
		void send(res, data.subarray(start, cutAt ?? data.length), cutAt !== undefined);
	});

	async function send(res: http.ServerResponse, body: Buffer, cut: boolean): Promise<void> {
		const step = 16 * 1024;
		for (let i = 0; i < body.length && !res.destroyed; i += step) {
			const chunk = body.subarray(i, i + step);
			if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
			if (rate) await new Promise((r) => setTimeout(r, (chunk.length / rate) * 1000));
		}
		if (cut) {
			// Let the bytes leave, then drop the connection as a flaky network would.
			await new Promise((r) => setTimeout(r, 50));
			res.socket?.destroy();
		} else res.end();
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		cutOnce: (file, bytes) => cuts.set(file, bytes),
		corrupt: (file) => (corrupted = file),
		throttle: (bps) => (rate = bps),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function notFound(res: http.ServerResponse) {
	res.writeHead(404, { 'content-type': 'application/json' });
	res.end(JSON.stringify({ error: 'Repository not found' }));
}
