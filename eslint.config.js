import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { architecture } from './eslint.architecture.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommendedTypeChecked,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte'],
			},
		},
		rules: {
			// TypeScript already reports undefined names, with better messages.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// A promise nobody waits for must say so (`void`); async callbacks where a plain one is
			// expected must not lose their rejections.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
		},
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig,
			},
		},
	},
	{
		// SvelteKit's tsconfig leaves the service worker out (it runs with the WebWorker library,
		// not the DOM one); tsconfig.service-worker.json gives it its own program.
		files: ['src/service-worker.ts'],
		languageOptions: {
			parserOptions: { projectService: false, project: './tsconfig.service-worker.json' },
		},
	},
	{
		// Plain JavaScript configuration files are not part of the TypeScript project.
		files: [
			'*.js',
			'*.cjs',
			'bin/**/*.js',
			'scripts/**/*.js',
			'static/**/*.js',
			'src/lib/server/asr/worker-boot.js',
		],
		...ts.configs.disableTypeChecked,
	},
	{ plugins: { boundaries }, ...architecture },
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'models/', 'test/fixtures/'],
	},
);
