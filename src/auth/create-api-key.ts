import type { AppContext } from '../app-context.ts';
import { fail } from '../domain/errors.ts';
import { newApiKeySecret } from './api-key-secret.ts';
import { type ApiKeyView, toApiKeyView } from './api-key.views.ts';
import { insertApiKey } from './api-keys.repo.ts';
import { parseApiRole } from './api-role.ts';

export interface CreateApiKeyInput {
  /** What the key is for, e.g. "salesforce flows" or "ci": shown in listings, so people know what to revoke. */
  name: string;
  role: string;
}

export interface CreateApiKeyResult {
  apiKey: ApiKeyView;
  /** The key itself. It is returned this once: only its hash is stored, so nobody can show it again. */
  secret: string;
}

const MAX_NAME = 100;

/** Creates an API key with a role; the result carries the key, which cannot be recovered later. */
export async function createApiKey(ctx: AppContext, input: CreateApiKeyInput): Promise<CreateApiKeyResult> {
  const name = input.name?.trim() ?? '';
  if (name === '') fail('validation_failed', 'name is required.', { field: 'name' });
  if (name.length > MAX_NAME) {
    fail('validation_failed', `name is longer than ${MAX_NAME} characters.`, { field: 'name' });
  }
  const role = parseApiRole(input.role);
  // Two keys sharing a 48-bit prefix is a once-in-billions event; drawing again keeps prefixes unique.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const secret = newApiKeySecret();
    const row = await insertApiKey(ctx.db, {
      name,
      prefix: secret.prefix,
      hash: secret.hash,
      role,
      createdAt: ctx.clock.now(),
    });
    if (row) return { apiKey: toApiKeyView(row), secret: secret.key };
  }
  throw new Error('could not draw an API key with an unused prefix in 3 attempts');
}
