import type { AppContext } from '../app-context.ts';
import { revokeApiKeysNamed } from './api-keys.repo.ts';
import { type CreateApiKeyResult, createApiKey } from './create-api-key.ts';

/** The name of the admin key `npm start` makes for the embedded development store. */
export const DEVELOPMENT_KEY_NAME = 'development';

export interface DevelopmentKeyResult extends CreateApiKeyResult {
  /** Earlier `development` keys this call revoked. */
  revoked: number;
}

/**
 * A fresh admin key for the embedded development store, made on each `npm start` and printed in its banner.
 * Only hashes are stored, so the previous start's key cannot be shown again; rather than pile up live admin
 * keys nobody can see, the earlier `development` keys are revoked, and the key of the latest start is the
 * one that works.
 */
export async function createDevelopmentKey(ctx: AppContext): Promise<DevelopmentKeyResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const revoked = await revokeApiKeysNamed(trx, DEVELOPMENT_KEY_NAME, ctx.clock.now());
    const created = await createApiKey({ ...ctx, db: trx }, { name: DEVELOPMENT_KEY_NAME, role: 'admin' });
    return { ...created, revoked };
  });
}
