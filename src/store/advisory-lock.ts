import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Runs `work` while holding a session advisory lock named `key`, on a connection of its own: work on the
 * same key waits its turn, in this process or any other on the same database, while `work` uses the pool as
 * usual. A process that dies drops its connection and, with it, the lock.
 */
export async function withAdvisoryLock<T>(db: Db, key: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
    }
  });
}
