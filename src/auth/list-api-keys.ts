import type { AppContext } from '../app-context.ts';
import { type ApiKeyView, toApiKeyView } from './api-key.views.ts';
import { listApiKeys as listRows } from './api-keys.repo.ts';

/** Every API key, revoked ones included (they explain old requests), oldest first; never a secret. */
export async function listApiKeys(ctx: AppContext): Promise<ApiKeyView[]> {
  return (await listRows(ctx.db)).map(toApiKeyView);
}
