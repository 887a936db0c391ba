import { z } from 'zod';

/**
 * `data` of the `system_event`s emitted on the /system namespace, by `event_type`. Subsystems
 * that emit their own event types add their schema here and to openapi/realtime.ts.
 */
export const configChangedEventSchema = z.object({
	changes_applied: z.array(z.string()).describe('Names of the settings that changed'),
});

export const apiKeyEventSchema = z.object({
	id: z.string(),
	name: z.string(),
	prefix: z.string(),
});
