export interface RateDecision {
	allowed: boolean;
	/** Whole seconds until one more request would be allowed (0 when allowed). */
	retryAfterSeconds: number;
}

/** Counts requests per key (an API key id, a session, an address). In memory today; a shared
 * store (Redis) would implement the same interface for several server processes. */
export interface RateLimiter {
	readonly perMinute: number;
	/** Spends one request if one is available. */
	take(key: string): RateDecision;
	/** Whether a request would be allowed now, without spending it. */
	check(key: string): RateDecision;
}

interface Bucket {
	tokens: number;
	at: number;
}

/** Above this many tracked keys, full (idle) buckets are dropped: they equal fresh ones. */
const SWEEP_ABOVE = 10_000;

/**
 * Token bucket: bursts up to `perMinute` requests, refilled continuously at `perMinute` per
 * minute. `perMinute` 0 means unlimited.
 */
export class TokenBucketLimiter implements RateLimiter {
	private readonly buckets = new Map<string, Bucket>();
	private readonly perMs: number;

	constructor(
		readonly perMinute: number,
		private readonly now: () => number = () => performance.now(),
	) {
		this.perMs = perMinute / 60_000;
	}

	take(key: string): RateDecision {
		return this.decide(key, true);
	}

	check(key: string): RateDecision {
		return this.decide(key, false);
	}

	private decide(key: string, spend: boolean): RateDecision {
		if (this.perMinute === 0) return { allowed: true, retryAfterSeconds: 0 };
		const now = this.now();
		const bucket = this.refill(key, now);
		if (bucket.tokens >= 1) {
			if (spend) bucket.tokens -= 1;
			return { allowed: true, retryAfterSeconds: 0 };
		}
		return {
			allowed: false,
			retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)),
		};
	}

	private refill(key: string, now: number): Bucket {
		let bucket = this.buckets.get(key);
		if (!bucket) {
			if (this.buckets.size >= SWEEP_ABOVE) this.sweep(now);
			bucket = { tokens: this.perMinute, at: now };
			this.buckets.set(key, bucket);
			return bucket;
		}
		bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
		bucket.at = now;
		return bucket;
	}

	private sweep(now: number): void {
		for (const [key, b] of this.buckets) {
			if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
		}
	}
}
