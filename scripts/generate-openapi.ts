/**
 * `npm run openapi`: writes docs/openapi.json from the route specs in src/lib/contracts/openapi.
 * test/unit/openapi.test.ts fails when the committed file differs from what this would write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openApiText } from '../src/lib/contracts/openapi/document';

const root = path.resolve(import.meta.dirname, '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	version: string;
};
const target = path.join(root, 'docs', 'openapi.json');
fs.writeFileSync(target, openApiText(version));
console.log(`wrote ${path.relative(root, target)} (version ${version})`);
