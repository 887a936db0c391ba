import { z } from 'zod';
import { errorEnvelopeSchema, ERROR_STATUS, type ErrorCode } from '../errors';
import { ERROR_CATALOGUE, exampleEnvelope } from './error-catalogue';
import { AREAS, realtime as defaultRealtime } from './index';
import type {
	ApiArea,
	ContentSpec,
	OperationSpec,
	RealtimeSpec,
	SchemaLike,
	SocketEventSpec,
} from './spec';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const REF = '#/components/schemas/';
const INPUT_MARK = '__input__';
const ERROR_ENVELOPE = 'ErrorEnvelope';

export interface DocumentOptions {
	version: string;
	areas?: ApiArea[];
	realtime?: RealtimeSpec;
}

/** Trims zod's JSON Schema of noise that helps no reader: regexes for date-times, ±2^53 bounds. */
function tidy(ctx: {
	zodSchema: z.core.$ZodTypes;
	jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
	const js = ctx.jsonSchema;
	if (js.format === 'date-time') delete js.pattern;
	if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
	if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
	if (ctx.zodSchema._zod.def.type === 'custom') js.description ??= 'Binary data';
}

const jsonSchemaOptions = (io: Io) =>
	({ io, unrepresentable: 'any', override: tidy, target: 'draft-2020-12' }) as const;

function stripMeta(schema: Json): Json {
	const rest = { ...schema };
	delete rest.$schema;
	delete rest.$id;
	return rest;
}

/**
 * Names every schema the document uses, once per io direction, so zod can emit `$ref`s between
 * them. Unnamed schemas get a name from their operation.
 */
class SchemaNames {
	private readonly names = new Map<z.ZodType, string>();
	private readonly schemas = new Map<string, z.ZodType>();
	readonly used = { input: new Set<string>(), output: new Set<string>() };

	add(item: SchemaLike, fallbackName: string, io: Io): string {
		const { schema, name } =
			'schema' in item && 'name' in item
				? item
				: { schema: item, name: this.names.get(item) ?? fallbackName };
		const existing = this.schemas.get(name);
		if (existing && existing !== schema) throw new Error(`Two different schemas are named ${name}`);
		this.schemas.set(name, schema);
		if (!this.names.has(schema)) this.names.set(schema, name);
		this.used[io].add(name);
		return name;
	}

	/** JSON Schemas by name; input variants that differ from the output one are `<name>Input`. */
	convert(shared: Set<string>): {
		schemas: Record<string, Json>;
		inputName: (n: string) => string;
	} {
		const registryFor = (io: Io) => {
			const reg = z.registry<{ id: string }>();
			for (const name of new Set([...this.used[io], ...shared])) {
				reg.add(this.schemas.get(name) as z.ZodType, { id: name });
			}
			return reg;
		};
		const out = z.toJSONSchema(registryFor('output'), {
			...jsonSchemaOptions('output'),
			uri: (id) => REF + id,
		}).schemas as Record<string, Json>;
		const inp = z.toJSONSchema(registryFor('input'), {
			...jsonSchemaOptions('input'),
			uri: (id) => REF + INPUT_MARK + id,
		}).schemas as Record<string, Json>;

		const schemas: Record<string, Json> = {};
		for (const [name, js] of Object.entries(out)) schemas[name] = stripMeta(js);

		// Input schemas reachable from request bodies; each keeps its name when it reads the same
		// as the output schema of that name, and becomes <name>Input when it does not.
		const inputRef = new RegExp(`"${REF}${INPUT_MARK}([^"]+)"`, 'g');
		const needed = new Set<string>();
		const stack = [...this.used.input];
		while (stack.length) {
			const name = stack.pop() as string;
			if (needed.has(name)) continue;
			needed.add(name);
			for (const m of JSON.stringify(inp[name]).matchAll(inputRef)) stack.push(m[1] as string);
		}
		const rename = new Map<string, string>();
		for (const name of needed) {
			const js = JSON.stringify(stripMeta(inp[name] as Json));
			const same = schemas[name] !== undefined && js === JSON.stringify(schemas[name]);
			rename.set(name, schemas[name] === undefined || same ? name : `${name}Input`);
		}
		for (const name of needed) {
			const target = rename.get(name) as string;
			if (schemas[target]) continue;
			const text = JSON.stringify(stripMeta(inp[name] as Json)).replace(
				inputRef,
				(_, n: string) => `"${REF}${rename.get(n) ?? n}"`,
			);
			schemas[target] = JSON.parse(text) as Json;
		}
		return { schemas, inputName: (n) => rename.get(n) ?? n };
	}
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ref = (name: string) => ({ $ref: REF + name });

/** Error codes an operation can answer: its own plus those every operation of its kind can. */
export function errorCodesOf(op: OperationSpec): ErrorCode[] {
	const codes = new Set<ErrorCode>(op.errors ?? []);
	if (!op.public) codes.add('UNAUTHORIZED');
	if (op.params || op.query || op.body) codes.add('VALIDATION_ERROR');
	if (op.body) codes.add('PAYLOAD_TOO_LARGE');
	codes.add('RATE_LIMITED');
	codes.add('INTERNAL_ERROR');
	return [...codes];
}

const ERROR_HEADERS: Partial<Record<number, Json>> = {
	401: {
		'www-authenticate': { description: 'Bearer realm="MeetingScribe"', schema: { type: 'string' } },
	},
	416: {
		'content-range': { description: 'bytes */<size of the file>', schema: { type: 'string' } },
	},
	429: {
		'retry-after': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
	},
};

function errorResponses(codes: ErrorCode[]): Record<string, Json> {
	const byStatus = new Map<number, ErrorCode[]>();
	for (const code of codes) {
		const status = ERROR_STATUS[code];
		byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
	}
	const responses: Record<string, Json> = {};
	for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
		responses[String(status)] = {
			description: list.join(', '),
			...(ERROR_HEADERS[status] ? { headers: ERROR_HEADERS[status] } : {}),
			content: {
				'application/json': {
					schema: ref(ERROR_ENVELOPE),
					examples: Object.fromEntries(
						list.map((c) => [c, { $ref: `#/components/examples/${c}` }]),
					),
				},
			},
		};
	}
	return responses;
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
	if (!schema) return [];
	return Object.entries(schema.shape).map(([name, field]) => {
		const js = stripMeta(z.toJSONSchema(field as z.ZodType, jsonSchemaOptions('input')));
		const { description, ...rest } = js;
		return {
			name,
			in: where,
			required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
			...(description ? { description } : {}),
			schema: rest,
		};
	});
}

interface Media {
	type: string;
	/** The schema's component name, if it has a schema. */
	name?: string;
}

function content(media: Media[], rename: (name: string) => string = (n) => n): Json {
	return Object.fromEntries(
		media.map((m) => [m.type, m.name ? { schema: ref(rename(m.name)) } : {}]),
	);
}

function catalogueTable(): string {
	const rows = Object.entries(ERROR_CATALOGUE).map(
		([code, { description }]) =>
			`| ${code} | ${ERROR_STATUS[code as ErrorCode]} | ${description} |`,
	);
	return ['| code | HTTP | when |', '|---|---|---|', ...rows].join('\n');
}

const DESCRIPTION = `Self-hosted meeting recording and transcription.

**Conventions.** JSON uses snake_case; times are ISO 8601 in UTC; durations are seconds. Success responses that are not plain lists carry \`success: true\`, \`message\` and \`timestamp\`. Every error, from every route, is an \`ErrorEnvelope\` with one of the codes below.

**Authentication.** On a loopback HOST the API is open unless REQUIRE_AUTH=true; anywhere else every route but the public ones needs an API key: \`Authorization: Bearer <key>\` or \`X-API-Key: <key>\` (or, in a browser, the session cookie set by /login). Keys are created with POST /api/v1/system/keys or seeded with MEETINGSCRIBE_API_KEY.

**Browsers from other origins** may call the API only when CORS_ORIGINS lists their origin, and only with an API key.

**Limits.** RATE_LIMIT_PER_MIN requests per minute per key (per address without one); JSON bodies up to 1 MB.

**Realtime.** Socket.IO events are described under the \`x-socket-io\` extension of this document.

## Error codes

`;

/** Assembles the OpenAPI 3.1 document from the area specs and the shared zod schemas. */
export function buildOpenApiDocument(options: DocumentOptions): Json {
	const areas = options.areas ?? AREAS;
	const rt = options.realtime ?? defaultRealtime;
	const names = new SchemaNames();
	const shared = new Set<string>();
	shared.add(names.add({ name: ERROR_ENVELOPE, schema: errorEnvelopeSchema }, '', 'output'));
	for (const area of areas) {
		for (const c of area.components ?? []) shared.add(names.add(c, c.name, 'output'));
	}

	// First pass: name every schema, remembering which name each operation uses.
	const seenIds = new Set<string>();
	const planned = areas.flatMap((area) =>
		area.operations.map((op) => {
			if (seenIds.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
			seenIds.add(op.operationId);
			const base = pascal(op.operationId);
			const media = (spec: ContentSpec, fallback: string, io: Io): Media[] =>
				[{ contentType: spec.contentType, schema: spec.schema }, ...(spec.alternatives ?? [])].map(
					(m, i) => ({
						type: m.contentType ?? 'application/json',
						name: m.schema ? names.add(m.schema, fallback + (i ? i + 1 : ''), io) : undefined,
					}),
				);
			const body = op.body ? media(op.body, `${base}Request`, 'input') : undefined;
			const responses = Object.entries(op.responses).map(([status, spec]) => ({
				status,
				spec,
				media: media(spec, `${base}Response`, 'output'),
			}));
			return { area, op, body, responses };
		}),
	);
	const eventName = (e: SocketEventSpec, fallback: string) => ({
		description: e.description,
		schema: ref(names.add(e.schema, fallback, 'output')),
		...(e.ack ? { ack: ref(names.add(e.ack, `${fallback}Ack`, 'output')) } : {}),
	});
	const namespaces = Object.fromEntries(
		Object.entries(rt.namespaces).map(([nsp, spec]) => [
			nsp,
			{
				description: spec.description,
				emits: Object.fromEntries(
					Object.entries(spec.emits).map(([ev, e]) => [ev, eventName(e, pascal(ev))]),
				),
				listens: Object.fromEntries(
					Object.entries(spec.listens ?? {}).map(([ev, e]) => [ev, eventName(e, pascal(ev))]),
				),
			},
		]),
	);
	const systemEventTypes = Object.fromEntries(
		Object.entries(rt.systemEventTypes).map(([type, t]) => [
			type,
			{
				description: t.description,
				data: ref(names.add(t.data, `${pascal(type)}Event`, 'output')),
			},
		]),
	);

	const { schemas, inputName } = names.convert(shared);

	const paths: Record<string, Record<string, Json>> = {};
	for (const { area, op, body, responses } of planned) {
		const operation: Json = {
			tags: [area.tag],
			summary: op.summary,
			...(op.description ? { description: op.description } : {}),
			operationId: op.operationId,
		};
		const params = [...parameters(op.params, 'path'), ...parameters(op.query, 'query')];
		if (params.length) operation.parameters = params;
		if (op.body) {
			const media = content(body ?? [], inputName);
			const jsonExamples = (op.examples ?? []).filter((e) => e.body !== undefined);
			const json = media['application/json'] as Json | undefined;
			if (json && jsonExamples.length) {
				json.examples = Object.fromEntries(
					jsonExamples.map((e, i) => [`example${i + 1}`, { summary: e.summary, value: e.body }]),
				);
			}
			operation.requestBody = { required: true, description: op.body.description, content: media };
		}
		operation.responses = {
			...Object.fromEntries(
				responses.map(({ status, spec, media }) => [
					status,
					{
						description: spec.description,
						...(spec.headers ? { headers: spec.headers } : {}),
						...(status.startsWith('3') ? {} : { content: content(media) }),
					},
				]),
			),
			...errorResponses(errorCodesOf(op)),
		};
		if (op.public) operation.security = [];
		if (op.examples?.length) operation['x-request-examples'] = op.examples;
		(paths[op.path] ??= {})[op.method] = operation;
	}

	return {
		openapi: '3.1.0',
		info: {
			title: 'MeetingScribe API',
			version: options.version,
			description: DESCRIPTION + catalogueTable(),
			license: { name: 'MIT', identifier: 'MIT' },
		},
		tags: areas.map((a) => ({ name: a.tag, description: a.description })),
		security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, { sessionCookie: [] }],
		paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
		components: {
			schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
			examples: Object.fromEntries(
				Object.entries(ERROR_CATALOGUE).map(([code, { description }]) => [
					code,
					{
						summary: `${ERROR_STATUS[code as ErrorCode]} ${code}`,
						description,
						value: exampleEnvelope(code as ErrorCode),
					},
				]),
			),
			securitySchemes: {
				bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (ms_…)' },
				apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
				sessionCookie: {
					type: 'apiKey',
					in: 'cookie',
					name: 'ms_session',
					description: 'Set by POST /api/v1/auth/login or the /login page; same origin only',
				},
			},
		},
		'x-socket-io': {
			path: rt.path,
			description: rt.description,
			namespaces,
			system_event_types: systemEventTypes,
		},
	};
}

/** The document as committed in docs/openapi.json (tab-indented, newline at the end). */
export function openApiText(version: string): string {
	return JSON.stringify(buildOpenApiDocument({ version }), null, '\t') + '\n';
}
