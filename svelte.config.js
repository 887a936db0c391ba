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
		typescript: {
			// Type-check the scripts, benchmarks and CLI with the same strict settings.
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../bench/**/*.ts', '../bin/**/*.ts');
			},
		},
	},
};

export default config;
