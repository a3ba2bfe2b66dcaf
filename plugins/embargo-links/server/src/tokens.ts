import { createHash, randomBytes } from 'crypto';

/** A new link's token: 32 random bytes, base64url (43 characters). Shown once, stored only as its hash. */
export const newToken = () => randomBytes(32).toString('base64url');

/** What is stored of a token: its SHA-256, hex. */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Whether a path segment can be a token at all (anything else is answered without a database query). */
export const looksLikeToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
