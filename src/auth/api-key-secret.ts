import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret part of API keys: how a key is made, hashed and compared. Keys are `rb_` and 32 random bytes
 * in base64url (256 bits), so a plain SHA-256 is enough to store them: a slow password hash defends
 * guessable secrets, and these cannot be guessed. The `rb_` tag lets secret scanners and people recognise one.
 */
export const API_KEY_TAG = 'rb_';

/** Characters of the key kept in clear as its prefix: the tag and 8 random characters (48 of the 256 bits). */
const PREFIX_LENGTH = API_KEY_TAG.length + 8;

export interface NewApiKeySecret {
  /** The whole key: shown once to the person who created it, never stored. */
  key: string;
  prefix: string;
  hash: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  const key = API_KEY_TAG + randomBytes(32).toString('base64url');
  return { key, prefix: apiKeyPrefix(key), hash: hashApiKey(key) };
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

/** Hex SHA-256 of the key, as stored in `api_keys.hash`. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Compares two secrets in time that does not depend on where they differ (nor on their lengths: both are
 * hashed to 32 bytes first), so response times cannot reveal a configured key character by character.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
