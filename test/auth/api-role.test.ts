import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, hashApiKey, newApiKeySecret, sameSecret } from '../../src/auth/api-key-secret.ts';
import { API_ROLES, parseApiRole, roleAllows } from '../../src/auth/api-role.ts';
import { errorCodeOf } from '../domain/error-code.ts';

describe('roleAllows: each role includes the weaker ones', () => {
  const table: Array<[held: string, needed: string, allowed: boolean]> = [
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['viewer', 'admin', false],
    ['operator', 'viewer', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ];
  it.each(table)('%s for a route needing %s: %s', (held, needed, allowed) => {
    expect(roleAllows(parseApiRole(held), parseApiRole(needed))).toBe(allowed);
  });

  it('parses roles in any case and refuses others', () => {
    expect(API_ROLES.map((r) => parseApiRole(` ${r.toUpperCase()} `))).toEqual(['viewer', 'operator', 'admin']);
    expect(errorCodeOf(() => parseApiRole('owner'))).toBe('validation_failed');
  });
});

describe('API key secrets', () => {
  it('are rb_ and 256 random bits in base64url, with a non-secret prefix and a SHA-256 hash', () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a.key).toMatch(/^rb_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.prefix).toBe(a.key.slice(0, 11));
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashApiKey(a.key));
  });

  it('sameSecret compares exactly, whatever the lengths', () => {
    expect(sameSecret('a'.repeat(40), 'a'.repeat(40))).toBe(true);
    expect(sameSecret('a'.repeat(40), `${'a'.repeat(39)}b`)).toBe(false);
    expect(sameSecret('a'.repeat(40), 'a'.repeat(41))).toBe(false);
    expect(sameSecret('', 'a'.repeat(40))).toBe(false);
  });
});
