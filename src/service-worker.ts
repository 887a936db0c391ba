/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Offline shell: the built app and static files are precached (cache-first: their names are
 * content-hashed or versioned), pages are network-first with the last copy as a fallback. The
 * API, downloads and Socket.IO are never cached: they go straight to the network.
 */
const sw = globalThis as unknown as ServiceWorkerGlobalScope;
const CACHE = `meetingscribe-${version}`;
const ASSETS = new Set([...build, ...files]);
/** Pages worth having offline even before they were visited. */
const PAGES = ['/', '/record', '/library', '/settings'];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([...ASSETS]);
			// Pages are a bonus: a failure here must not block the install.
			await Promise.all(PAGES.map((p) => cache.add(p).catch(() => {})));
			await sw.skipWaiting();
		})(),
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})(),
	);
});

function bypass(url: URL, request: Request): boolean {
	return (
		request.method !== 'GET' ||
		url.origin !== sw.location.origin ||
		url.pathname === '/api' ||
		url.pathname.startsWith('/api/') ||
		url.pathname.startsWith('/v1/') ||
		request.headers.has('range')
	);
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (bypass(url, event.request)) return;

	if (ASSETS.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(event.request)));
		return;
	}

	if (event.request.mode === 'navigate') {
		event.respondWith(
			(async () => {
				const cache = await caches.open(CACHE);
				try {
					const response = await fetch(event.request);
					if (response.ok) await cache.put(url.pathname, response.clone());
					return response;
				} catch (err) {
					const hit = (await cache.match(url.pathname)) ?? (await cache.match('/'));
					if (hit) return hit;
					throw err;
				}
			})(),
		);
	}
});
