import type { AppContext } from '$lib/server/context';
import type { Logger } from '$lib/server/logger';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			requestId: string;
			logger: Logger;
			/** An error that escaped a route, kept so the hook can answer with its envelope. */
			thrown?: { error: unknown };
		}
		interface Error {
			message: string;
			request_id?: string;
		}
	}
}

export {};
