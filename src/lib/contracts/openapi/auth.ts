import {
	apiKeyIdParamsSchema,
	apiKeyListResponseSchema,
	apiKeySchema,
	createApiKeyRequestSchema,
	createApiKeyResponseSchema,
	loginRequestSchema,
	loginResponseSchema,
	revokeApiKeyResponseSchema,
	sessionInfoResponseSchema,
} from '../auth';
import { successEnvelopeSchema } from '../api';
import { defineArea, named } from './spec';

const setCookie = {
	'set-cookie': {
		description: 'ms_session=…; Path=/; HttpOnly; SameSite=Strict (and Secure over https)',
		schema: { type: 'string' },
	},
};

export const authArea = defineArea({
	tag: 'Auth',
	description:
		'Browser sign-in. Programs send an API key on every request instead (Authorization: Bearer or X-API-Key); browsers exchange one, or the one-time link printed at start-up, for an HttpOnly session cookie.',
	operations: [
		{
			method: 'post',
			path: '/api/v1/auth/login',
			operationId: 'login',
			examples: [
				{ summary: 'Sign in with a key', body: { api_key: '{api_key}' }, status: 200 },
				{ summary: 'A wrong key', body: { api_key: 'ms_wrong' }, status: 401 },
			],
			summary: 'Sign a browser in',
			description:
				'Exchanges an API key or a one-time sign-in token for a session cookie (30 days). A session opened with a key ends when the key is revoked. Failed attempts count against AUTH_RATE_LIMIT_PER_MIN per address.',
			public: true,
			body: { description: 'A key or a token', schema: named('LoginRequest', loginRequestSchema) },
			responses: {
				200: {
					description: 'Signed in; the cookie is set',
					schema: named('LoginResponse', loginResponseSchema),
					headers: setCookie,
				},
			},
			// Public, yet a wrong key or token is refused as unauthorized.
			errors: ['UNAUTHORIZED'],
		},
		{
			method: 'post',
			path: '/api/v1/auth/logout',
			operationId: 'logout',
			examples: [{ summary: 'Sign out', status: 200 }],
			summary: 'Sign a browser out',
			description: 'Ends the session of the cookie sent (if any) and clears the cookie.',
			public: true,
			responses: {
				200: { description: 'Signed out', schema: named('SuccessEnvelope', successEnvelopeSchema) },
			},
		},
		{
			method: 'get',
			path: '/api/v1/auth/session',
			operationId: 'getSession',
			examples: [{ summary: 'Who am I', status: 200 }],
			summary: 'Who am I',
			description:
				'Whether this server requires credentials and whether this request carried valid ones.',
			public: true,
			responses: {
				200: { description: 'The answer', schema: named('SessionInfo', sessionInfoResponseSchema) },
			},
		},
	],
});

export const keysArea = defineArea({
	tag: 'API keys',
	description:
		'Keys are random 256-bit secrets shown once at creation and stored as SHA-256 hashes. Revoking a key takes effect on the next request and disconnects its sockets.',
	components: [named('ApiKey', apiKeySchema)],
	operations: [
		{
			method: 'get',
			path: '/api/v1/system/keys',
			operationId: 'listApiKeys',
			examples: [{ summary: 'Every key (never the secrets)', status: 200 }],
			summary: 'List API keys',
			responses: {
				200: {
					description: 'Every key, newest first',
					schema: named('ApiKeyList', apiKeyListResponseSchema),
				},
			},
		},
		{
			method: 'post',
			path: '/api/v1/system/keys',
			operationId: 'createApiKey',
			examples: [{ summary: 'A key for a CI job', body: { name: 'CI' }, status: 201 }],
			summary: 'Create an API key',
			description: 'The response is the only time the secret is shown.',
			body: {
				description: 'A name for the key',
				schema: named('CreateApiKeyRequest', createApiKeyRequestSchema),
			},
			responses: {
				201: { description: 'Created', schema: named('CreatedApiKey', createApiKeyResponseSchema) },
			},
		},
		{
			method: 'delete',
			path: '/api/v1/system/keys/{id}',
			operationId: 'revokeApiKey',
			examples: [
				{ summary: 'Revoke a key', params: { id: '{key_id}' }, status: 200 },
				{
					summary: 'An unknown key',
					params: { id: '0b8c1f9e-0000-4000-8000-000000000000' },
					status: 404,
				},
			],
			summary: 'Revoke an API key',
			description:
				'Revoking an already revoked key answers 200 again. The last active key cannot be revoked while the server requires keys.',
			params: apiKeyIdParamsSchema,
			responses: {
				200: { description: 'Revoked', schema: named('RevokedApiKey', revokeApiKeyResponseSchema) },
			},
			errors: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'],
		},
	],
});
