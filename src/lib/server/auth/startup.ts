import type { AppConfig } from '../infra/config/env';
import type { Logger } from '../infra/logger';
import type { Security } from './security';
import { SIGN_IN_LINK_TTL_MS } from './sign-in-links';

/** The server must not start: the message tells the operator what to do. */
export class StartupRefusedError extends Error {
	override name = 'StartupRefusedError';
}

/** What start-up checks need: the settings, a place to say what happened, and the key store. */
export interface StartupDeps {
	config: AppConfig;
	logger: Logger;
	security: Security;
}

const GENERATE_HINT = `node -e "console.log('ms_'+require('crypto').randomBytes(32).toString('base64url'))"`;

/**
 * Runs before listening: stores MEETINGSCRIBE_API_KEY (hashed) if given, and refuses to start
 * when keys are required but none could authenticate anyone.
 */
export function prepareAuthentication(ctx: StartupDeps): void {
	const { config, logger } = ctx;
	const { apiKeys } = ctx.security;
	if (config.MEETINGSCRIBE_API_KEY) {
		const seeded = apiKeys.seed('MEETINGSCRIBE_API_KEY', config.MEETINGSCRIBE_API_KEY);
		if (seeded === 'created') logger.info('stored the API key from MEETINGSCRIBE_API_KEY (hashed)');
		if (seeded === 'revoked') {
			logger.warn('MEETINGSCRIBE_API_KEY was revoked and is refused; set a new value to use one');
		}
	}
	if (!config.authRequired || apiKeys.hasActiveKey()) return;
	const why = config.isLoopback
		? 'REQUIRE_AUTH is on'
		: `HOST=${config.HOST} is not a loopback address`;
	throw new StartupRefusedError(
		[
			`API keys are required (${why}), but no active API key exists.`,
			'Set MEETINGSCRIBE_API_KEY to a secret of at least 32 characters, for example the output of',
			`  ${GENERATE_HINT}`,
			'and start again. It is stored hashed; more keys can then be created with POST /api/v1/system/keys.',
		].join('\n'),
	);
}

/** When keys are required, a one-time link that signs a browser in (printed at start-up). */
export function signInLink(
	ctx: Pick<StartupDeps, 'config' | 'security'>,
	baseUrl: string,
): string | undefined {
	if (!ctx.config.authRequired) return undefined;
	const token = ctx.security.signInLinks.issue();
	const minutes = SIGN_IN_LINK_TTL_MS / 60_000;
	return `Sign in from a browser (once, within ${minutes} minutes): ${baseUrl}/login?token=${token}`;
}
