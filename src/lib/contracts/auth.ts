import { z } from 'zod';
import { successEnvelopeSchema, timestampSchema } from './api';

/** The browser session cookie (HttpOnly; its value is a random secret stored hashed). */
export const SESSION_COOKIE = 'ms_session';

export const apiKeySchema = z.object({
	id: z.string(),
	name: z.string(),
	prefix: z.string().describe('The first characters of the key, to recognise it (ms_xxxxxxxx)'),
	scope: z
		.enum(['full', 'worker'])
		.describe('full: the whole API; worker: only the worker protocol (/api/v1/workers)'),
	created_at: timestampSchema,
	last_used_at: timestampSchema.nullable().describe('Updated at most once a minute'),
	revoked_at: timestampSchema.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyRequestSchema = z
	.object({ name: z.string().trim().min(1).max(100).describe('What the key is for') })
	.strict();

export const createApiKeyResponseSchema = successEnvelopeSchema.extend({
	api_key: apiKeySchema,
	secret: z
		.string()
		.describe('The key itself. Shown only in this response: only its hash is stored.'),
});

export const apiKeyListResponseSchema = successEnvelopeSchema.extend({
	keys: z.array(apiKeySchema).describe('Newest first, revoked keys included'),
	total_count: z.number().int().nonnegative(),
});

export const revokeApiKeyResponseSchema = successEnvelopeSchema.extend({ api_key: apiKeySchema });

export const apiKeyIdParamsSchema = z.object({ id: z.string().describe('The key id') });

export const loginRequestSchema = z
	.object({
		api_key: z.string().min(1).max(512).optional().describe('An API key'),
		token: z.string().min(1).max(512).optional().describe('A one-time sign-in token'),
	})
	.strict()
	.refine((v) => (v.api_key === undefined) !== (v.token === undefined), {
		message: 'Give either api_key or token',
	});

export const loginResponseSchema = successEnvelopeSchema.extend({
	expires_at: timestampSchema.describe('When the session cookie stops working'),
});

export const AUTH_METHODS = ['api_key', 'session'] as const;

export const sessionInfoResponseSchema = successEnvelopeSchema.extend({
	auth_required: z.boolean().describe('Whether this server asks for credentials'),
	authenticated: z.boolean(),
	method: z.enum(AUTH_METHODS).nullable().describe('How this request was authenticated'),
	key: apiKeySchema.pick({ id: true, name: true, prefix: true }).nullable(),
});
