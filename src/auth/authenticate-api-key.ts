import type { AppContext } from '../app-context.ts';
import { fail } from '../domain/errors.ts';
import { hashApiKey, sameSecret } from './api-key-secret.ts';
import { findApiKeyByHash, touchApiKey } from './api-keys.repo.ts';
import type { ApiRole } from './api-role.ts';

/** Who is calling: the key's id, name, prefix and role (never its secret). */
export interface ApiCaller {
  /** Undefined for the bootstrap key, which lives in configuration, not in the store. */
  keyId: bigint | undefined;
  name: string;
  prefix: string;
  role: ApiRole;
}

export interface AuthenticateOptions {
  /** `REVBRIDGE_BOOTSTRAP_API_KEY`: accepted as an admin key (automation, a first start on a new database). */
  bootstrapKey?: string;
}

/** `last_used_at` is refreshed when older than this (see `touchApiKey`). */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The caller a presented key belongs to, or `unauthenticated` when it is unknown or revoked. The answer
 * for a revoked key says so: whoever sends it held the real key, and "revoked" tells them what to fix.
 */
export async function authenticateApiKey(
  ctx: AppContext,
  key: string,
  options: AuthenticateOptions = {},
): Promise<ApiCaller> {
  if (options.bootstrapKey !== undefined && sameSecret(key, options.bootstrapKey)) {
    return { keyId: undefined, name: 'bootstrap (REVBRIDGE_BOOTSTRAP_API_KEY)', prefix: 'bootstrap', role: 'admin' };
  }
  // Looked up by hash: the index finds the row, and a string comparison of secrets never happens in SQL.
  const row = await findApiKeyByHash(ctx.db, hashApiKey(key));
  if (!row) {
    fail('unauthenticated', 'The API key is not known. Check it, or create one with `revbridge apikey create`.', {
      reason: 'unknown',
    });
  }
  if (row.revoked_at) {
    fail('unauthenticated', `The API key ${row.prefix}… ("${row.name}") has been revoked.`, {
      reason: 'revoked',
      prefix: row.prefix,
    });
  }
  const now = ctx.clock.now();
  await touchApiKey(ctx.db, row.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
  return { keyId: row.id, name: row.name, prefix: row.prefix, role: row.role };
}
