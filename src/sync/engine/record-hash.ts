import { createHash } from 'node:crypto';

/**
 * A stable fingerprint of the values a record contributes to the other side. Keys are sorted so the
 * hash does not depend on field order; the mapping version is part of it, so changing a mapping
 * compares every record afresh.
 */
export function recordHash(mappingVersion: number, values: Record<string, unknown>): string {
  const sorted = Object.keys(values)
    .sort()
    .map((k) => [k, values[k] ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([mappingVersion, sorted]))
    .digest('base64url');
}
