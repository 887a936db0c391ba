import { z } from 'zod';

export const API_VERSION = 'v1';

export const timestampSchema = z.iso.datetime();

/** Fields every non-list success response carries. */
export const successEnvelopeSchema = z.object({
	success: z.literal(true),
	message: z.string(),
	timestamp: timestampSchema,
});

export const apiRootSchema = successEnvelopeSchema.extend({
	message: z.literal('MeetingScribe API'),
	version: z.string(),
	status: z.literal('running'),
	docs: z.string(),
});

export const simpleHealthSchema = successEnvelopeSchema.extend({
	status: z.literal('healthy'),
});

export const HEALTH_STATES = ['healthy', 'warning', 'error'] as const;
export const healthStateSchema = z.enum(HEALTH_STATES);

export const healthCheckSchema = z.object({
	name: z.string(),
	status: healthStateSchema,
	message: z.string(),
});

export const systemHealthSchema = successEnvelopeSchema.extend({
	status: healthStateSchema,
	reasons: z.array(z.string()),
	checks: z.array(healthCheckSchema),
	uptime_seconds: z.number().nonnegative(),
	version: z.string(),
});

export type SystemHealth = z.infer<typeof systemHealthSchema>;
export type HealthCheck = z.infer<typeof healthCheckSchema>;
