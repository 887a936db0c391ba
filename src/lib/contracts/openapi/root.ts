import { z } from 'zod';
import { apiRootSchema, simpleHealthSchema } from '../api';
import { defineArea, named } from './spec';

export const rootArea = defineArea({
	tag: 'Root',
	description: 'Discovery, liveness and this documentation.',
	operations: [
		{
			method: 'get',
			path: '/api',
			operationId: 'getApiRoot',
			examples: [{ summary: 'Describe the API', status: 200 }],
			summary: 'Describe the API',
			public: true,
			responses: {
				200: {
					description: 'Name, version and where the docs are',
					schema: named('ApiRoot', apiRootSchema),
				},
			},
		},
		{
			method: 'get',
			path: '/api/health',
			operationId: 'getLiveness',
			examples: [{ summary: 'Is the process up?', status: 200 }],
			summary: 'Liveness probe',
			description: 'Answers while the process serves HTTP. Details are at /api/v1/system/health.',
			public: true,
			responses: {
				200: { description: 'The server is up', schema: named('Liveness', simpleHealthSchema) },
			},
		},
		{
			method: 'get',
			path: '/api/openapi.json',
			operationId: 'getOpenApiDocument',
			examples: [{ summary: 'This document', status: 200 }],
			summary: 'This OpenAPI 3.1 document',
			responses: {
				200: { description: 'The document (also committed as docs/openapi.json)' },
			},
		},
		{
			method: 'get',
			path: '/api/docs',
			operationId: 'getApiDocs',
			examples: [{ summary: 'The documentation page (open server or signed in)', status: 200 }],
			summary: 'Interactive documentation (HTML)',
			description:
				'Swagger UI on this document, served from this server (no outside requests): try calls with a key under "Authorize". Without a session it redirects to /login.',
			responses: {
				200: { description: 'The documentation page', contentType: 'text/html' },
				303: { description: 'Keys are required and there is no session: go to /login' },
			},
		},
		{
			method: 'get',
			path: '/api/docs/reference',
			operationId: 'getApiReference',
			examples: [{ summary: 'The reference page', status: 200 }],
			summary: 'Realtime events and error codes (HTML)',
			description:
				'What the interactive viewer does not show: the Socket.IO namespaces and events, and every error code. Without a session it redirects to /login.',
			responses: {
				200: { description: 'The reference page', contentType: 'text/html' },
				303: { description: 'Keys are required and there is no session: go to /login' },
			},
		},
		{
			method: 'get',
			path: '/api/docs/assets/{file}',
			operationId: 'getApiDocsAsset',
			examples: [
				{ summary: 'Swagger UI’s bundle', params: { file: 'swagger-ui-bundle.js' }, status: 200 },
				{ summary: 'Any other file', params: { file: 'package.json' }, status: 404 },
			],
			summary: "One of the viewer's files (Swagger UI's bundle and stylesheet)",
			params: z.object({ file: z.enum(['swagger-ui-bundle.js', 'swagger-ui.css']) }),
			responses: {
				200: { description: 'The file, cacheable for a year', contentType: 'text/javascript' },
			},
			errors: ['NOT_FOUND'],
		},
	],
});
