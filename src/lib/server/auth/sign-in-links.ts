import { randomSecret, sha256 } from './secrets';

export const SIGN_IN_LINK_TTL_MS = 10 * 60 * 1000;

/**
 * One-time sign-in tokens for the link printed at start-up: single use, short-lived, kept in
 * memory only (hashed), so a restart invalidates them and they never reach the database.
 */
export class SignInLinks {
	private readonly pending = new Map<string, number>();

	constructor(private readonly now = () => Date.now()) {}

	issue(): string {
		const token = randomSecret();
		this.pending.set(sha256(token), this.now() + SIGN_IN_LINK_TTL_MS);
		return token;
	}

	/** True once per valid token; expired or reused tokens are false. */
	consume(token: string): boolean {
		const hash = sha256(token);
		const expires = this.pending.get(hash);
		this.pending.delete(hash);
		for (const [h, at] of this.pending) if (at <= this.now()) this.pending.delete(h);
		return expires !== undefined && expires > this.now();
	}
}
