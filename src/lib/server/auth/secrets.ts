import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: 256 bits, far beyond any guessing. */
export function randomSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256, hex. Enough for secrets the server generates: a slow password hash (bcrypt, argon2)
 * protects low-entropy human passwords against offline guessing, which 256 random bits already
 * defeat, and it would cost tens of milliseconds on every request.
 */
export function sha256(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}
