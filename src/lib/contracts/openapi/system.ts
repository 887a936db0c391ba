import { systemHealthSchema } from '../api';
import { systemConfigSchema, systemConfigUpdateSchema } from '../settings';
import {
	configUpdateResponseSchema,
	systemConfigResponseSchema,
	systemInfoResponseSchema,
	systemStatusSchema,
} from '../system';
import { defineArea, named } from './spec';

const health = named('SystemHealth', systemHealthSchema);

export const systemArea = defineArea({
	tag: 'System',
	description: 'Health, machine information and runtime settings.',
	components: [named('SystemConfig', systemConfigSchema)],
	operations: [
		{
			method: 'get',
			path: '/api/v1/system/status',
			operationId: 'getSystemStatus',
			examples: [{ summary: 'Health, information and activity', status: 200 }],
			summary: 'Health, information and activity in one call',
			responses: {
				200: { description: 'The status', schema: named('SystemStatus', systemStatusSchema) },
			},
		},
		{
			method: 'get',
			path: '/api/v1/system/health',
			operationId: 'getSystemHealth',
			examples: [{ summary: 'Every check', status: 200 }],
			summary: 'Health with every check',
			description: 'Monitors can read the status code: 200 when healthy or warning, 503 on error.',
			responses: {
				200: { description: 'Healthy or warning', schema: health },
				503: { description: 'At least one check is in error', schema: health },
			},
		},
		{
			method: 'get',
			path: '/api/v1/system/info',
			operationId: 'getSystemInfo',
			examples: [{ summary: 'The machine', status: 200 }],
			summary: 'The machine: OS, CPU, memory, GPU, storage, models, devices',
			responses: {
				200: {
					description: 'The information',
					schema: named('SystemInfo', systemInfoResponseSchema),
				},
			},
		},
		{
			method: 'get',
			path: '/api/v1/system/config',
			operationId: 'getSystemConfig',
			examples: [{ summary: 'Every setting', status: 200 }],
			summary: 'Runtime settings',
			responses: {
				200: {
					description: 'Every setting',
					schema: named('SystemConfigResponse', systemConfigResponseSchema),
				},
			},
		},
		{
			method: 'put',
			path: '/api/v1/system/config',
			operationId: 'updateSystemConfig',
			examples: [
				{
					summary: 'Archive-quality recordings, half-second chunks',
					body: { audio_sample_rate: 48000, chunk_duration: 0.5 },
					status: 200,
				},
				{
					summary: 'Sessions record one or two channels',
					body: { audio_channels: 4 },
					status: 422,
				},
			],
			summary: 'Change runtime settings',
			description:
				'Any subset of the settings; unknown names are refused. Changes are persisted and announced on the /system socket namespace as a `config_changed` system_event.',
			body: {
				description: 'The settings to change',
				schema: named('SystemConfigUpdate', systemConfigUpdateSchema),
			},
			responses: {
				200: {
					description: 'The settings before and after, and which changed',
					schema: named('SystemConfigChange', configUpdateResponseSchema),
				},
			},
		},
	],
});
