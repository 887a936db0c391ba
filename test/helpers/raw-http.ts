import http from 'node:http';

/**
 * A GET sent exactly as given: `fetch` would normalise `..` segments in the path and refuses
 * to set the Host header, and those are what a hostile client sends.
 */
export function rawGet(
	base: string,
	path: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
	const url = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: url.hostname, port: url.port, path, headers }, (res) => {
			let body = '';
			res.on('data', (d: Buffer) => (body += d.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}
