import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Passwords: argon2id with the library's defaults (19 MiB, t=2), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** An unguessable token: 256 random bits, URL-safe. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * Session tokens and API keys carry 256 bits of entropy, so a fast hash is enough to store them:
 * nobody can brute-force the preimage, and lookups stay one indexed query.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
