import { expect } from 'vitest';
import type { z } from 'zod';
import { ERROR_STATUS, errorEnvelopeSchema } from '../../src/lib/contracts/errors';
import { errorCodesOf } from '../../src/lib/contracts/openapi/document';
import type {
	ApiArea,
	OperationSpec,
	RequestExample,
	SchemaLike,
} from '../../src/lib/contracts/openapi/spec';
import { concat, loadSpeech } from '../helpers/audio';
import { startServer, type RunningServer } from '../helpers/server';
import { testSignal } from '../helpers/wav';
import { wavHeader } from '../../src/lib/server/infra/media/wav';

/**
 * Runs the example requests documented on each operation (OperationSpec.examples, published as
 * `x-request-examples`) against the real server, and validates every answer with the zod schemas
 * the OpenAPI document is generated from: a success with the schema documented for its status,
 * an error as an ErrorEnvelope whose code the operation lists under that status.
 */
export const KEY = 'ms_' + 'c'.repeat(43);

/** A server that requires keys, as a deployment off loopback does. */
export const contractServer = (env: Record<string, string> = {}) =>
	startServer({
		REQUIRE_AUTH: 'true',
		MEETINGSCRIBE_API_KEY: KEY,
		AUTH_RATE_LIMIT_PER_MIN: '1000',
		...env,
	});

function speechWav(): Uint8Array {
	const speech = concat([0.3, loadSpeech(), 0.3]);
	const pcm = Buffer.alloc(speech.length * 2);
	speech.forEach((v, i) =>
		pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2),
	);
	return Buffer.concat([wavHeader({ sampleRate: 16000, channels: 1, dataBytes: pcm.length }), pcm]);
}

/** The files examples name (`@speech` in a form, `binary: 'pcm'`). */
const FIXTURES: Record<string, () => { bytes: Uint8Array; name: string }> = {
	speech: () => ({ bytes: speechWav(), name: 'speech.wav' }),
	// Half a second of 16 kHz stereo: whole frames for one or two channels.
	pcm: () => ({ bytes: testSignal(8000, 2), name: 'chunk.pcm' }),
};

const copy = (b: Uint8Array): ArrayBuffer => new Uint8Array(b).buffer;

/** Replaces every `{name}` in the example's strings with the id the test made. */
function fill<T>(value: T, ids: Record<string, string>): T {
	if (typeof value === 'string') {
		return value.replace(/\{(\w+)\}/g, (_, name: string) => {
			const id = ids[name];
			if (id === undefined) throw new Error(`the example needs {${name}}`);
			return id;
		}) as T;
	}
	if (Array.isArray(value)) return value.map((v: unknown) => fill(v, ids)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, fill(v as unknown, ids)]),
		) as T;
	}
	return value;
}

const zodOf = (s: SchemaLike | undefined): z.ZodType | undefined =>
	s && 'schema' in s && 'name' in s ? s.schema : s;

function request(op: OperationSpec, ex: RequestExample, ids: Record<string, string>, key: string) {
	const params = fill(ex.params ?? {}, ids);
	const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const v = params[name];
		if (v === undefined) throw new Error(`${op.operationId}: no value for {${name}}`);
		return encodeURIComponent(v);
	});
	const query = new URLSearchParams(fill(ex.query ?? {}, ids)).toString();
	const headers: Record<string, string> = { authorization: `Bearer ${key}` };
	let body: BodyInit | undefined;
	if (ex.body !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(fill(ex.body, ids));
	} else if (ex.form) {
		const form = new FormData();
		for (const [k, v] of Object.entries(fill(ex.form, ids))) {
			const file = v.startsWith('@') ? FIXTURES[v.slice(1)]?.() : undefined;
			if (v.startsWith('@') && !file) throw new Error(`no fixture ${v}`);
			if (file) form.set(k, new Blob([copy(file.bytes)]), file.name);
			else form.set(k, v);
		}
		body = form;
	} else if (ex.binary) {
		const file = FIXTURES[ex.binary]?.();
		if (!file) throw new Error(`no fixture ${ex.binary}`);
		headers['content-type'] = 'application/octet-stream';
		body = copy(file.bytes);
	}
	return {
		url: path + (query ? `?${query}` : ''),
		init: { method: op.method.toUpperCase(), headers, body },
	};
}

export interface ExampleAnswer {
	example: RequestExample;
	status: number;
	body: unknown;
}

/** Runs one area's examples, operation by operation, and remembers which it ran. */
export class ExampleRunner {
	private readonly ran = new Set<string>();

	constructor(
		private readonly server: () => RunningServer,
		private readonly area: ApiArea,
		/** The credentials the examples are sent with (a worker key for the worker protocol). */
		private readonly key: () => string = () => KEY,
	) {}

	private op(operationId: string): OperationSpec {
		const op = this.area.operations.find((o) => o.operationId === operationId);
		if (!op) throw new Error(`${this.area.tag} has no operation ${operationId}`);
		return op;
	}

	/** Every example of the operation; `ids` fill the `{name}`s. Returns the parsed answers. */
	async run(operationId: string, ids: Record<string, string> = {}): Promise<ExampleAnswer[]> {
		const op = this.op(operationId);
		const examples = op.examples ?? [];
		expect(examples.length, `${operationId} documents no example`).toBeGreaterThan(0);
		const answers: ExampleAnswer[] = [];
		for (const example of examples) {
			const { url, init } = request(op, example, ids, this.key());
			const res = await fetch(this.server().url + url, init);
			const where = `${operationId} — ${example.summary}`;
			const type = res.headers.get('content-type') ?? '';
			const text = await res.text();
			expect(res.status, `${where}: ${text.slice(0, 300)}`).toBe(example.status);
			const body: unknown = type.includes('json') ? JSON.parse(text) : text;
			if (res.status < 400) this.checkSuccess(op, res.status, type, body, where);
			else this.checkError(op, res.status, body, where);
			answers.push({ example, status: res.status, body });
		}
		this.ran.add(operationId);
		return answers;
	}

	private checkSuccess(
		op: OperationSpec,
		status: number,
		type: string,
		body: unknown,
		where: string,
	) {
		const spec = op.responses[status];
		expect(spec, `${where}: status ${status} is not documented`).toBeDefined();
		const documented = spec!.contentType ?? 'application/json';
		if (documented === 'application/json') expect(type, where).toContain('application/json');
		else if (documented !== 'application/octet-stream') expect(type, where).toContain(documented);
		const schema = zodOf(spec!.schema);
		if (!schema) return;
		const parsed = schema.safeParse(body);
		expect(
			parsed.success,
			`${where}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
		).toBe(true);
	}

	private checkError(op: OperationSpec, status: number, body: unknown, where: string) {
		const envelope = errorEnvelopeSchema.parse(body);
		expect(ERROR_STATUS[envelope.error_code], where).toBe(status);
		expect(errorCodesOf(op), `${where}: ${envelope.error_code} is not documented`).toContain(
			envelope.error_code,
		);
	}

	/** Operations of the area whose examples were not run. */
	notRun(): string[] {
		return this.area.operations.map((o) => o.operationId).filter((id) => !this.ran.has(id));
	}
}

/** A JSON call with the key, for the state examples need (ids they name). */
export async function api(
	server: RunningServer,
	path: string,
	method = 'GET',
	body?: unknown,
): Promise<{ status: number; body: unknown }> {
	const res = await fetch(server.url + path, {
		method,
		headers: {
			authorization: `Bearer ${KEY}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return { status: res.status, body: (await res.json()) as unknown };
}

/** Polls a job until it has finished. */
export async function finishedJob(server: RunningServer, jobId: string) {
	for (const until = Date.now() + 60_000; ;) {
		const { body } = await api(server, `/api/v1/transcription/status/${jobId}`);
		const job = body as { status: string; transcription_id: string | null };
		if (!['pending', 'running'].includes(job.status)) return job;
		if (Date.now() > until) throw new Error(`job ${jobId} is still ${job.status}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Uploads the speech fixture for transcription; the job as queued. */
export async function startedUpload(server: RunningServer) {
	const form = new FormData();
	form.set('file', new Blob([copy(FIXTURES.speech!().bytes)]), 'speech.wav');
	const res = await fetch(server.url + '/api/v1/transcription/start', {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}` },
		body: form,
	});
	return ((await res.json()) as { job: { job_id: string; audio_file_info: { id: string } } }).job;
}

/** Uploads the speech fixture for transcription; the job's ids, once it has finished. */
export async function transcribedUpload(server: RunningServer) {
	const job = await startedUpload(server);
	const done = await finishedJob(server, job.job_id);
	return { job_id: job.job_id, audio_file_id: job.audio_file_info.id, done };
}
