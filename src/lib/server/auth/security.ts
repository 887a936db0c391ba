import type { AppConfig } from '../infra/config/env';
import type { Repositories } from '../infra/db/repositories/interfaces';
import { ApiKeyService } from './api-keys';
import { authenticate, type AuthOutcome, type Credentials } from './credentials';
import { OriginPolicy } from './origins';
import { TokenBucketLimiter, type RateLimiter } from './rate-limit';
import { BrowserSessions } from './sessions';
import { SignInLinks } from './sign-in-links';

/** Authentication, origins and rate limits: one instance per process, on the AppContext. */
export interface Security {
	/** Keys are required on every route but the public ones (HOST not loopback, or REQUIRE_AUTH). */
	authRequired: boolean;
	apiKeys: ApiKeyService;
	sessions: BrowserSessions;
	signInLinks: SignInLinks;
	origins: OriginPolicy;
	/** Requests per API key, session or address. */
	limiter: RateLimiter;
	/** Failed authentications per address. */
	authLimiter: RateLimiter;
	/** Capture chunks sent over HTTP per identity (CHUNK_RATE_PER_MIN; sockets have their own). */
	chunkLimiter: RateLimiter;
	authenticate(creds: Credentials): AuthOutcome;
}

export function createSecurity(config: AppConfig, repos: Repositories): Security {
	const apiKeys = new ApiKeyService(repos, config.authRequired);
	const sessions = new BrowserSessions(repos, apiKeys);
	return {
		authRequired: config.authRequired,
		apiKeys,
		sessions,
		signInLinks: new SignInLinks(),
		origins: new OriginPolicy(config.CORS_ORIGINS),
		limiter: new TokenBucketLimiter(config.RATE_LIMIT_PER_MIN),
		authLimiter: new TokenBucketLimiter(config.AUTH_RATE_LIMIT_PER_MIN),
		chunkLimiter: new TokenBucketLimiter(config.CHUNK_RATE_PER_MIN),
		authenticate: (creds) => authenticate(creds, apiKeys, sessions),
	};
}
