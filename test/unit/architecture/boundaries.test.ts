import { ESLint } from 'eslint';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/server';

/**
 * The layer rules of docs/architecture.md are lint rules (eslint.architecture.js). These plant
 * imports in files of each layer, as ESLint sees them in the real project, and check which are
 * refused. Type information is off here: the planted files do not exist on disk.
 */
const eslint = new ESLint({
	cwd: ROOT,
	overrideConfig: [{ files: ['**/*.ts'], ...ts.configs.disableTypeChecked }],
});

async function problems(file: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
	return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules', () => {
	it('refuses socket.io in the database layer', async () => {
		const found = await problems(
			'src/lib/server/infra/db/planted.ts',
			"import { Server } from 'socket.io';\nexport const s = Server;\n",
		);
		expect(found).toContainEqual(
			expect.stringMatching(/^boundaries\/external: infra must not import socket\.io/),
		);
	});

	it('refuses SvelteKit in a feature', async () => {
		const found = await problems(
			'src/lib/server/recording/planted.ts',
			"import { error } from '@sveltejs/kit';\nexport const e = error;\n",
		);
		expect(found).toContainEqual(
			expect.stringMatching(/^boundaries\/external: feature must not import @sveltejs\/kit/),
		);
	});

	it('refuses a feature in the storage layer, and the server in contracts or client code', async () => {
		expect(
			await problems(
				'src/lib/server/infra/storage/planted.ts',
				"import { RecordingService } from '../../recording';\nexport const r = RecordingService;\n",
			),
		).toContainEqual(
			expect.stringMatching(/^boundaries\/element-types: infra must not import feature/),
		);
		expect(
			await problems(
				'src/lib/contracts/planted.ts',
				"import { DataDir } from '../server/infra/storage/data-dir';\nexport const d = DataDir;\n",
			),
		).toContainEqual(
			expect.stringMatching(/^boundaries\/element-types: contracts must not import infra/),
		);
		expect(
			await problems(
				'src/lib/client/live/planted.ts',
				"import { AsrEngine } from '$lib/server/asr';\nexport const a = AsrEngine;\n",
			),
		).toContainEqual(
			expect.stringMatching(/^boundaries\/element-types: client must not import feature/),
		);
	});

	it('reaches another feature only through its index.ts', async () => {
		const deep = await problems(
			'src/lib/server/live/planted.ts',
			"import { WavSink } from '../recording/wav-sink';\nexport const w = WavSink;\n",
		);
		expect(deep).toContainEqual(expect.stringMatching(/^boundaries\/entry-point/));
		const viaIndex = await problems(
			'src/lib/server/live/planted.ts',
			"import { RecordingService } from '../recording';\nexport const r = RecordingService;\n",
		);
		expect(viaIndex).toEqual([]);
	});
});
