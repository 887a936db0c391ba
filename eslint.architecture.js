/**
 * The layers of docs/architecture.md, enforced (eslint-plugin-boundaries; see
 * docs/decisions/0009-architecture-rules.md). Imports point down only:
 *
 *   entry (src/server, src/cli) · routes (src/routes, hooks) ─┐
 *   transport (Socket.IO handlers, request guards)            │
 *   app (the composition root)                                ▼
 *   features (src/lib/server/<feature>, public face: index.ts)
 *   infra (db, storage, http, config, media, queue, events…)
 *   contracts (zod schemas shared with the browser) · shared (pure helpers)
 *
 * and the browser side: components → client → contracts/shared; never server code.
 */
const FEATURES =
	'asr|auth|diarization|library|live|models|openai|recording|search|system|transcription';

export const architecture = {
	files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.svelte'],
	settings: {
		'import/resolver': { typescript: { project: './tsconfig.json' } },
		'import/extensions': ['.ts', '.js', '.svelte'],
		'boundaries/include': ['src/**/*'],
		'boundaries/elements': [
			{ type: 'contracts', pattern: 'src/lib/contracts', mode: 'folder' },
			{ type: 'shared', pattern: 'src/lib/shared', mode: 'folder' },
			{ type: 'infra', pattern: 'src/lib/server/infra', mode: 'folder' },
			{ type: 'app', pattern: 'src/lib/server/app', mode: 'folder' },
			{ type: 'transport', pattern: 'src/lib/server/transport', mode: 'folder' },
			{
				type: 'feature',
				pattern: `src/lib/server/(${FEATURES})`,
				mode: 'folder',
				capture: ['feature'],
			},
			{ type: 'client', pattern: 'src/lib/client/*', mode: 'folder', capture: ['feature'] },
			{ type: 'components', pattern: 'src/lib/components', mode: 'folder' },
			{ type: 'routes', pattern: 'src/routes', mode: 'folder' },
			{ type: 'routes', pattern: 'src/(hooks.server|service-worker|app.d).ts', mode: 'file' },
			{ type: 'entry', pattern: 'src/(server|cli)', mode: 'folder' },
		],
	},
	rules: {
		'boundaries/no-unknown-files': 'error',
		'boundaries/element-types': [
			'error',
			{
				default: 'disallow',
				message: '${file.type} must not import ${dependency.type} (docs/architecture.md)',
				rules: [
					{ from: 'contracts', allow: ['contracts'] },
					{ from: 'shared', allow: ['shared'] },
					{ from: 'infra', allow: ['infra', 'contracts', 'shared'] },
					{ from: 'feature', allow: ['feature', 'infra', 'contracts', 'shared'] },
					{ from: 'app', allow: ['feature', 'infra', 'contracts', 'shared'] },
					{ from: 'transport', allow: ['transport', 'app', 'feature', 'infra', 'contracts'] },
					{
						from: 'routes',
						allow: [
							'routes',
							'transport',
							'app',
							'feature',
							'infra',
							'contracts',
							'shared',
							'client',
							'components',
						],
					},
					{ from: 'entry', allow: ['entry', 'transport', 'app', 'feature', 'infra', 'contracts'] },
					{ from: 'client', allow: ['client', 'contracts', 'shared'] },
					{ from: 'components', allow: ['components', 'client', 'contracts', 'shared'] },
				],
			},
		],
		// Another folder sees a feature only through its index.ts.
		'boundaries/entry-point': [
			'error',
			{
				default: 'allow',
				message: 'import ${dependency.type} "${dependency.feature}" through its index.ts',
				rules: [
					{ target: ['feature', 'client'], disallow: '*' },
					{ target: ['feature', 'client'], allow: ['index.ts'] },
				],
			},
		],
		// Domain code never touches the web framework or the socket library: it emits through ports.
		'boundaries/external': [
			'error',
			{
				default: 'allow',
				message: '${file.type} must not import ${dependency.source} (docs/architecture.md)',
				rules: [
					{
						from: ['feature', 'infra', 'app', 'contracts', 'shared'],
						disallow: ['@sveltejs/kit', '$app/*', 'socket.io', 'socket.io-client'],
					},
					{ from: ['contracts'], disallow: ['*'] },
					{ from: ['contracts'], allow: ['zod'] },
					{
						from: ['client', 'components'],
						disallow: ['socket.io', 'better-sqlite3', 'onnxruntime-node'],
					},
				],
			},
		],
	},
};
