import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { graphilePool } from './graphile-pool.ts';
import { workerLogger } from './worker-logger.ts';

/**
 * Installs or upgrades graphile-worker's tables and functions in `schema` (its numbered migrations; a
 * no-op when up to date). The hub runs it on every start, whether or not it runs a worker, so jobs can be
 * queued and listed from the first request; `startWorker` runs it too.
 *
 * An advisory lock serialises it across processes: graphile's own install tolerates a concurrent one only
 * by sleeping and retrying, and N workers started together on an empty database would race.
 */
export async function installJobQueue(connectionString: string, schema: string, logger: Logger): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`revbridge.jobs.install:${schema}`]);
    const pgPool = graphilePool(connectionString, 2, logger);
    try {
      await runMigrations({ pgPool, schema, logger: workerLogger(logger) });
    } finally {
      await pgPool.end();
    }
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => {});
  }
}
