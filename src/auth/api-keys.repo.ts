import type { Selectable } from 'kysely';
import type { Db } from '../store/db.ts';
import type { ApiKeysTable } from '../store/schema.ts';
import type { ApiRole } from './api-role.ts';

export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Every column but the hash: what may leave this file. */
export type ApiKeyRecord = Omit<ApiKeyRow, 'hash'>;

const PUBLIC_COLUMNS = ['id', 'name', 'prefix', 'role', 'created_at', 'revoked_at', 'last_used_at'] as const;

export interface NewApiKey {
  name: string;
  prefix: string;
  hash: string;
  role: ApiRole;
  createdAt: Date;
}

/** Inserts a key; undefined when its prefix is taken (a 48-bit coincidence: the caller draws another key). */
export async function insertApiKey(db: Db, key: NewApiKey): Promise<ApiKeyRecord | undefined> {
  return db
    .insertInto('api_keys')
    .values({ name: key.name, prefix: key.prefix, hash: key.hash, role: key.role, created_at: key.createdAt })
    .onConflict((oc) => oc.column('prefix').doNothing())
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
}

export async function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRecord | undefined> {
  return db.selectFrom('api_keys').select(PUBLIC_COLUMNS).where('hash', '=', hash).executeTakeFirst();
}

/** A key by id or by prefix (`rb_AbCd1234`). */
export async function findApiKey(db: Db, ref: { id: bigint } | { prefix: string }): Promise<ApiKeyRecord | undefined> {
  const query = db.selectFrom('api_keys').select(PUBLIC_COLUMNS);
  return ('id' in ref ? query.where('id', '=', ref.id) : query.where('prefix', '=', ref.prefix)).executeTakeFirst();
}

export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  return db.selectFrom('api_keys').select(PUBLIC_COLUMNS).orderBy('id').execute();
}

/** Revokes a key that is not revoked yet; returns it as it now is. */
export async function revokeApiKeyRow(db: Db, id: bigint, at: Date): Promise<ApiKeyRecord | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
}

/** Revokes every live key with this name; returns how many. */
export async function revokeApiKeysNamed(db: Db, name: string, at: Date): Promise<number> {
  const rows = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Records when a key was last used, at most once per `staleBefore` window: a write per request would cost
 * every read a row lock and a WAL record, and "last used a minute ago" answers the question people ask
 * ("is anything still using this key before I revoke it?").
 */
export async function touchApiKey(db: Db, id: bigint, at: Date, staleBefore: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
