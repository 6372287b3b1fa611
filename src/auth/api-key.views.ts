import type { ApiKeyRecord } from './api-keys.repo.ts';
import type { ApiRole } from './api-role.ts';

/** An API key as people and scripts see it: never its secret or hash. */
export interface ApiKeyView {
  id: bigint;
  name: string;
  /** The key's first characters (`rb_AbCd1234`): enough to recognise it, useless to call with. */
  prefix: string;
  role: ApiRole;
  status: 'active' | 'revoked';
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export function toApiKeyView(row: ApiKeyRecord): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    status: row.revoked_at ? 'revoked' : 'active',
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
