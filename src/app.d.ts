import type { AppContext } from '$lib/server/app/context';
import type { Logger } from '$lib/server/infra/logger';
import type { Principal } from '$lib/server/auth';
import type { Locale } from '$lib/client/i18n';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			requestId: string;
			logger: Logger;
			/** Who sent the request; null when it carried no valid credentials. */
			auth: Principal | null;
			/** An error that escaped a route, kept so the hook can answer with its envelope. */
			thrown?: { error: unknown };
			/** The language pages are rendered in (cookie, then Accept-Language). */
			locale: Locale;
		}
		interface Error {
			message: string;
			request_id?: string;
		}
	}
}

export {};
