import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorEnvelopeSchema } from '../../../src/lib/contracts/errors';
import {
	buildOpenApiDocument,
	errorCodesOf,
	openApiText,
} from '../../../src/lib/contracts/openapi/document';
import { AREAS, UNDOCUMENTED_ROUTES } from '../../../src/lib/contracts/openapi/index';
import { defineArea, named } from '../../../src/lib/contracts/openapi/spec';
import { z } from 'zod';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
};
type Doc = {
	paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
	components: { schemas: Record<string, unknown>; examples: Record<string, { value: unknown }> };
};
const doc = buildOpenApiDocument({ version }) as unknown as Doc;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface RouteFile {
	/** OpenAPI form: [id] → {id}, groups dropped. */
	path: string;
	methods: string[];
	kind: 'server' | 'page';
}

/** Every +server.ts (exported methods) and +page.svelte under a routes folder. */
function walkRoutes(dir: string, urlPath: string, out: RouteFile[] = []): RouteFile[] {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			const seg = entry.name;
			if (/^\(.*\)$/.test(seg)) walkRoutes(full, urlPath, out);
			else {
				const param = /^\[{1,2}(?:\.\.\.)?([\w]+)(?:=\w+)?\]{1,2}$/.exec(seg);
				walkRoutes(full, `${urlPath}/${param ? `{${param[1]}}` : seg}`, out);
			}
		} else if (entry.name === '+server.ts') {
			const text = fs.readFileSync(full, 'utf8');
			const methods = METHODS.filter((m) =>
				new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(text),
			);
			out.push({ path: urlPath, methods, kind: 'server' });
		} else if (entry.name === '+page.svelte') {
			out.push({ path: urlPath, methods: ['GET'], kind: 'page' });
		}
	}
	return out;
}

const routes = ['api', 'v1']
	.filter((top) => fs.existsSync(path.join(ROOT, 'src/routes', top)))
	.flatMap((top) => walkRoutes(path.join(ROOT, 'src/routes', top), `/${top}`))
	// Catch-alls ([...rest]) only answer 404/405 envelopes for paths without a route.
	.filter((r) => !r.path.includes('{rest}'));

describe('OpenAPI document', () => {
	it('docs/openapi.json is what `npm run openapi` generates (run it after changing a spec)', () => {
		const committed = fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8');
		expect(committed === openApiText(version)).toBe(true);
	});

	it('documents every method of every API route (register new routes in contracts/openapi)', () => {
		const missing: string[] = [];
		for (const r of routes.filter((r) => r.kind === 'server')) {
			for (const m of r.methods) {
				const key = `${m} ${r.path}`;
				if (!doc.paths[r.path]?.[m.toLowerCase()] && !(key in UNDOCUMENTED_ROUTES))
					missing.push(key);
			}
		}
		expect(missing).toEqual([]);
		expect(routes.length).toBeGreaterThan(5);
	});

	it('documents no operation that has no route', () => {
		const served = new Set(routes.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
		const stale = Object.entries(doc.paths).flatMap(([p, ops]) =>
			Object.keys(ops)
				.map((m) => `${m.toUpperCase()} ${p}`)
				.filter((key) => !served.has(key)),
		);
		expect(stale).toEqual([]);
	});

	it('has an example for every error code, each a valid envelope with the right status', () => {
		for (const code of Object.keys(ERROR_STATUS)) {
			const example = doc.components.examples[code];
			expect(example, code).toBeDefined();
			expect(errorEnvelopeSchema.parse(example?.value).error_code).toBe(code);
		}
	});

	it('lists each operation’s error codes under their statuses', () => {
		const op = AREAS.flatMap((a) => a.operations).find((o) => o.operationId === 'revokeApiKey');
		expect(op).toBeDefined();
		const responses = doc.paths['/api/v1/system/keys/{id}']?.delete?.responses ?? {};
		for (const code of errorCodesOf(op!)) {
			expect(JSON.stringify(responses[String(ERROR_STATUS[code])])).toContain(code);
		}
		expect(Object.keys(responses)).toEqual(
			expect.arrayContaining(['200', '400', '401', '404', '409', '422', '429', '500']),
		);
	});

	it('resolves every $ref', () => {
		const text = JSON.stringify(doc);
		const refs = [...text.matchAll(/"\$ref":"#\/components\/(schemas|examples)\/([^"]+)"/g)];
		expect(refs.length).toBeGreaterThan(20);
		for (const [, kind, name] of refs) {
			expect(
				doc.components[kind as 'schemas' | 'examples'][name!],
				`${kind}/${name}`,
			).toBeDefined();
		}
		expect(text).not.toContain('$defs');
	});

	it('names request variants that differ from the response shape <Name>Input, and refuses name clashes', () => {
		const thing = z.object({ n: z.number().default(1) });
		const area = defineArea({
			tag: 'T',
			description: 't',
			operations: [
				{
					method: 'post',
					path: '/t',
					operationId: 'postT',
					summary: 't',
					body: { description: 'b', schema: z.object({ thing }) },
					responses: { 200: { description: 'ok', schema: z.object({ thing }) } },
				},
			],
			components: [named('Thing', thing)],
		});
		const d = buildOpenApiDocument({ version: '1', areas: [area] }) as unknown as Doc;
		expect(Object.keys(d.components.schemas)).toEqual(
			expect.arrayContaining(['Thing', 'ThingInput', 'PostTRequest', 'PostTResponse']),
		);
		expect(JSON.stringify(d.components.schemas.PostTRequest)).toContain('ThingInput');

		const clash = defineArea({
			...area,
			components: [named('Thing', thing), named('Thing', z.string())],
		});
		expect(() => buildOpenApiDocument({ version: '1', areas: [clash] })).toThrow(/Thing/);
	});

	it('gives every documented non-list JSON success of /api the envelope (success, message, timestamp)', () => {
		type Schema = { $ref?: string; type?: string; required?: string[]; properties?: object };
		const resolve = (s: Schema): Schema =>
			s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').at(-1)!] as Schema) : s;
		const checked: string[] = [];
		const missing: string[] = [];
		for (const [p, ops] of Object.entries(doc.paths)) {
			// The OpenAI-compatible surface answers in OpenAI's shapes, not the contract's.
			if (!p.startsWith('/api')) continue;
			for (const [method, op] of Object.entries(ops)) {
				for (const [status, response] of Object.entries(op.responses)) {
					if (!/^2/.test(status)) continue;
					const media = (response as { content?: Record<string, { schema?: Schema }> }).content;
					const schema = media?.['application/json']?.schema;
					if (!schema) continue;
					const resolved = resolve(schema);
					if (resolved.type === 'array') continue;
					const where = `${method.toUpperCase()} ${p} ${status}`;
					checked.push(where);
					const required = new Set(resolved.required ?? []);
					if (!['success', 'message', 'timestamp'].every((f) => required.has(f)))
						missing.push(where);
				}
			}
		}
		expect(missing).toEqual([]);
		expect(checked).toEqual(
			expect.arrayContaining([
				'GET /api/v1/transcription/status/{job_id} 200',
				'GET /api/v1/transcription/result/{job_id} 200',
				'GET /api/v1/system/config 200',
			]),
		);
	});
});
