import type { AppContext } from '../app-context.ts';
import { fail } from '../domain/errors.ts';
import { API_KEY_TAG, apiKeyPrefix, hashApiKey } from './api-key-secret.ts';
import { type ApiKeyView, toApiKeyView } from './api-key.views.ts';
import { findApiKey, findApiKeyByHash, revokeApiKeyRow } from './api-keys.repo.ts';

export interface RevokeApiKeyResult {
  apiKey: ApiKeyView;
  /** False when the key was already revoked (nothing changed). */
  revoked: boolean;
}

/**
 * Revokes a key, named by its id (`3`), its prefix (`rb_AbCd1234`, as `apikey list` shows it) or the whole
 * key (what someone holding a leaked key has). From the next request on, the key is refused with
 * `unauthenticated`. Revoking twice is harmless.
 */
export async function revokeApiKey(ctx: AppContext, idOrPrefix: string): Promise<RevokeApiKeyResult> {
  const ref = idOrPrefix.trim();
  const byId = /^[1-9]\d{0,18}$/.test(ref);
  if (!byId && !ref.startsWith(API_KEY_TAG)) {
    fail('validation_failed', `Name the key by its id or its prefix (${API_KEY_TAG}…), got "${idOrPrefix}".`, {
      field: 'key',
    });
  }
  const prefix = apiKeyPrefix(ref);
  const wholeKey = !byId && ref.length > prefix.length;
  const found = byId
    ? await findApiKey(ctx.db, { id: BigInt(ref) })
    : wholeKey
      ? await findApiKeyByHash(ctx.db, hashApiKey(ref))
      : await findApiKey(ctx.db, { prefix: ref });
  // A whole key is named by its prefix only: an error message is printed, and may be pasted anywhere.
  const shown = byId ? `id ${ref}` : wholeKey ? `the key ${prefix}…` : `prefix ${ref}`;
  if (!found) fail('api_key_not_found', `No API key has ${shown}.`, { key: byId || !wholeKey ? ref : prefix });
  const updated = await revokeApiKeyRow(ctx.db, found.id, ctx.clock.now());
  return updated ? { apiKey: toApiKeyView(updated), revoked: true } : { apiKey: toApiKeyView(found), revoked: false };
}
