import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Runs `work` while holding a session advisory lock named `key` (in this store's schema), on a connection of its
 * own: work on the same key waits its turn, in this process or any other on the same store, while `work` uses the pool as
 * usual. A process that dies drops its connection and, with it, the lock.
 */
export async function withAdvisoryLock<T>(db: Db, key: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    // Scoped to the store's schema: two stores sharing a database (REVBRIDGE_DB_SCHEMA) never wait on each other.
    const scoped = sql`hashtext(current_schema() || ':' || ${key})`;
    await sql`select pg_advisory_lock(${scoped})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${scoped})`.execute(connection);
    }
  });
}
