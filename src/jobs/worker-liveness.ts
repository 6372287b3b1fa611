import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';

/**
 * How a job whose worker died is found and run again in seconds rather than hours.
 *
 * graphile-worker 0.17 frees a locked job only when its lock is 4 hours old (hard-coded in its SQL), or
 * when someone calls `force_unlock_workers` with the ids of worker pools known to be dead. It keeps no
 * heartbeat, so it cannot know. PostgreSQL can: each revbridge worker process holds, on a connection of
 * its own, a session advisory lock named after its pool id, taken before the pool locks its first job.
 * A process that dies (SIGKILL, OOM, a crashed host once TCP keepalive notices) loses its connection,
 * and the server releases the lock with it. Every live worker periodically looks at the pools that hold
 * jobs; a pool whose advisory lock it can take is dead, and its jobs go back to the queue (the attempt
 * it used counts, so a job that kills its worker every time ends as failed, not in a loop).
 *
 * Consequences: every worker on a revbridge queue must be started by revbridge (a bare graphile-worker
 * holds no such lock and would look dead); and a worker whose liveness connection drops stops, because
 * its jobs may be reclaimed from then on.
 */

/** First half of the two-int advisory lock key: revbridge's worker liveness locks, nothing else. */
const LIVENESS_KEYSPACE = 0x72627772; // 'rbwr'

export interface WorkerLiveness {
  /** Holds the lock for a pool id (idempotent); the startWorker hook awaits it before any job is locked. */
  hold(poolId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the liveness connection. `onLost` is called once if it fails while open (the server went away
 * or the network broke): the caller should stop its worker.
 */
export async function openWorkerLiveness(
  connectionString: string,
  logger: Logger,
  onLost: (error: Error) => void,
): Promise<WorkerLiveness> {
  const client = new pg.Client({ connectionString, keepAlive: true });
  let closing = false;
  client.on('error', (error) => {
    if (closing) return;
    logger.error({ err: error }, 'worker liveness connection lost; stopping the worker');
    onLost(error);
  });
  await client.connect();
  const held = new Map<string, Promise<void>>();
  return {
    hold: (poolId) => {
      let holding = held.get(poolId);
      if (!holding) {
        holding = client
          .query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LIVENESS_KEYSPACE, poolId])
          .then(({ rows }) => {
            // Only a 32-bit hash collision with a live pool's id can refuse it (one in 4 billion per pair).
            if (!rows[0].ok) throw new Error(`worker liveness lock for ${poolId} is taken; restart the worker`);
          });
        held.set(poolId, holding);
      }
      return holding;
    },
    close: async () => {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}

/**
 * Returns the jobs of dead worker pools to the queue, with `last_error` saying why they ran again, and
 * wakes the workers. Returns the dead pools' ids. Safe to run from any number of processes at once: the
 * advisory locks it tries are transaction-scoped and each pool's jobs are unlocked once.
 */
export async function reclaimJobsOfDeadWorkers(db: Db, schema: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked_by: string }>`
      select locked_by from (
        select locked_by from ${sql.id(schema, '_private_jobs')} where locked_by is not null
        union
        select locked_by from ${sql.id(schema, '_private_job_queues')} where locked_by is not null
      ) pools
      where pg_try_advisory_xact_lock(${LIVENESS_KEYSPACE}::int, hashtext(locked_by))`.execute(trx);
    const dead = rows.map((r) => r.locked_by);
    if (dead.length === 0) return dead;
    await sql`
      update ${sql.id(schema, '_private_jobs')}
         set last_error = 'the worker running it stopped (' || locked_by || '); run again'
       where locked_by = any(${dead}::text[])`.execute(trx);
    await sql`select ${sql.id(schema, 'force_unlock_workers')}(${dead}::text[])`.execute(trx);
    // graphile's own wake-up message, so idle workers fetch now instead of at their next poll.
    await sql`select pg_notify('jobs:insert', ${JSON.stringify({ r: Math.random(), count: dead.length })})`.execute(
      trx,
    );
    return dead;
  });
}
