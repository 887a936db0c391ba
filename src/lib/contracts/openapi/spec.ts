import type { z } from 'zod';
import type { ErrorCode } from '../errors';

/**
 * The route-spec registry: each API area declares its operations here, in its own file, with
 * the same zod schemas the routes validate with. document.ts turns them into OpenAPI 3.1.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A schema published as a named component (`#/components/schemas/<name>`). */
export interface Named {
	name: string;
	schema: z.ZodType;
}

export const named = (name: string, schema: z.ZodType): Named => ({ name, schema });

export type SchemaLike = z.ZodType | Named;

export interface HeaderSpec {
	description: string;
	schema?: Record<string, unknown>;
}

export interface ContentSpec {
	description: string;
	/** `application/json` unless given. */
	contentType?: string;
	/** Absent for bodies without a JSON shape (HTML, audio). */
	schema?: SchemaLike;
	headers?: Record<string, HeaderSpec>;
	/** The same body or response in other media types (multipart uploads, text formats). */
	alternatives?: { contentType: string; schema?: SchemaLike }[];
}

/**
 * A documented example request, published under the operation's `x-request-examples` (and a
 * JSON body also under its media type's `examples`). test/contract runs every one against the
 * real server and validates the answer with the operation's schemas. A string `{name}` inside
 * params, query, body or form stands for an id the caller made first (e.g. `{session_id}`).
 */
export interface RequestExample {
	summary: string;
	params?: Record<string, string>;
	query?: Record<string, string>;
	/** A JSON body. */
	body?: unknown;
	/** A multipart form; a value `@name` is a file (test/contract names its fixtures). */
	form?: Record<string, string>;
	/** An `application/octet-stream` body: the name of a fixture. */
	binary?: string;
	/** The status it answers with; an error status answers one of the operation's codes. */
	status: number;
}

export interface OperationSpec {
	method: HttpMethod;
	/** OpenAPI form: `/api/v1/system/keys/{id}`. */
	path: string;
	operationId: string;
	summary: string;
	description?: string;
	/** Answers without credentials even when the server requires API keys. */
	public?: boolean;
	params?: z.ZodObject;
	query?: z.ZodObject;
	body?: ContentSpec;
	/** Non-error responses by status. Errors are listed by code in `errors`. */
	responses: Record<number, ContentSpec>;
	/**
	 * Error codes particular to this operation. Every operation can also answer RATE_LIMITED and
	 * INTERNAL_ERROR; UNAUTHORIZED unless public; VALIDATION_ERROR when it takes input;
	 * PAYLOAD_TOO_LARGE when it takes a body. The generator adds those.
	 */
	errors?: ErrorCode[];
	/** Example requests (see RequestExample); every operation has at least one. */
	examples?: RequestExample[];
}

export interface ApiArea {
	tag: string;
	description: string;
	operations: OperationSpec[];
	/** Schemas used in several places, published once under these names. */
	components?: Named[];
}

export const defineArea = (area: ApiArea): ApiArea => area;

export interface SocketEventSpec {
	description: string;
	schema: SchemaLike;
	/** The acknowledgement the server calls back with, for client → server events. */
	ack?: SchemaLike;
}

export interface NamespaceSpec {
	description: string;
	/** Server → client events. */
	emits: Record<string, SocketEventSpec>;
	/** Client → server events. */
	listens?: Record<string, SocketEventSpec>;
}

/** Socket.IO is outside OpenAPI; it is published under the `x-socket-io` extension. */
export interface RealtimeSpec {
	path: string;
	description: string;
	namespaces: Record<string, NamespaceSpec>;
	/** The `event_type`s of `system_event`, each with the shape of its `data`. */
	systemEventTypes: Record<string, { description: string; data: SchemaLike }>;
}
