import net from 'node:net';

export interface Proxy {
	url: string;
	/** Breaks every open connection and refuses new ones, as a lost network does. */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

/** A TCP proxy in front of the server, so a test can take the network away and give it back. */
export async function startProxy(target: string): Promise<Proxy> {
	const { hostname, port } = new URL(target);
	const sockets = new Set<net.Socket>();
	let refusing = false;
	const server = net.createServer((client) => {
		if (refusing) return client.destroy();
		const upstream = net.connect(Number(port), hostname);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => {});
		}
		client.pipe(upstream).pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}`,
		cut() {
			refusing = true;
			for (const s of sockets) s.destroy();
		},
		restore() {
			refusing = false;
		},
		close() {
			for (const s of sockets) s.destroy();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}
