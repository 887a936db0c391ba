import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The production entry (src/server/main.ts) wraps build/handler.js with our own
		// HTTP server so Socket.IO shares the port.
		adapter: adapter({ out: 'build' }),
		// The API is called by non-browser clients (CLI, OpenAI SDKs) with multipart bodies;
		// SvelteKit's form CSRF check would reject them. Cross-origin access is governed by
		// the CORS allow-list instead.
		csrf: { trustedOrigins: ['*'] },
		// Pages get a strict policy with per-response nonces for SvelteKit's own scripts; the
		// hooks add the other security headers and a deny-all policy to non-page responses.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				// WebAssembly for the browser-side VAD and ONNX runtime.
				'script-src': ['self', 'wasm-unsafe-eval'],
				// Svelte transitions and app.html set inline styles; no script can come through this.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self', 'data:'],
				// 'self' covers the same-origin Socket.IO WebSocket.
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
			},
		},
		typescript: {
			// Type-check the scripts, benchmarks and CLI with the same strict settings.
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../bench/**/*.ts', '../bin/**/*.ts');
			},
		},
	},
};

export default config;
