import fs from 'node:fs';
import path from 'node:path';

/** Integration tests run the production build; `npm test` builds it first. */
export default function setup(): void {
	const handler = path.resolve(import.meta.dirname, '../../build/handler.js');
	if (!fs.existsSync(handler)) {
		throw new Error(
			'No build found: run `npm run build` (npm test does) before the integration tests.',
		);
	}
}
