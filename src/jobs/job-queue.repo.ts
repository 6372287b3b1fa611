import { sql } from 'kysely';
import type { Db } from '../store/db.ts';

/**
 * SQL on graphile-worker's tables (its schema is the store's `jobsSchema`, see src/config.ts). Writes go
 * through graphile's own functions (`add_job`, `force_unlock_workers`), so its invariants (task and queue
 * rows, key handling, the NOTIFY that wakes workers) stay its own; reads use its `jobs` view.
 */

export interface AddJobSpec {
  task: string;
  payload: unknown;
  jobKey: string | undefined;
  runAt: Date | undefined;
  maxAttempts: number | undefined;
}

export interface AddedJob {
  id: string;
  key: string | null;
  runAt: Date;
  /** 0 for a new job; above 0 when the job key matched a waiting job, which now carries this payload. */
  revision: number;
}

/**
 * One job, through graphile's `add_job` on the caller's connection: inside the caller's transaction when
 * `db` is one, so a job is queued exactly when the change that asked for it commits.
 *
 * `job_key_mode => 'replace'`, deliberately (graphile's three modes, for a repeated button press):
 * - replace: a job with the key that is still waiting takes the new payload and run time and stays one
 *   job; one that is already running cannot be changed, so one follow-up job is queued to act on what
 *   changed since it started, and further presses fold into that follow-up. At most two per key, and no
 *   press is lost. revbridge's use-cases are idempotent, so a follow-up that finds nothing new does nothing.
 * - preserve_run_at: the same, except that a waiting job keeps its run time: a "sync now" press would be
 *   swallowed by a job with the same key scheduled for later.
 * - unsafe_dedupe: a press while the job runs (or after it failed for good) is dropped, so a change made
 *   after the job read its data would never be synced. graphile's own SQL says "if in doubt, do not use".
 */
export async function addJob(db: Db, schema: string, spec: AddJobSpec): Promise<AddedJob> {
  const { rows } = await sql<{ id: bigint; key: string | null; run_at: Date; revision: number }>`
    select id, key, run_at, revision
      from ${sql.id(schema, 'add_job')}(
        identifier => ${spec.task},
        payload => ${JSON.stringify(spec.payload)}::json,
        queue_name => ${spec.jobKey ?? null}::text,
        run_at => ${spec.runAt ?? null}::timestamptz,
        max_attempts => ${spec.maxAttempts ?? null}::int,
        job_key => ${spec.jobKey ?? null}::text,
        job_key_mode => 'replace'
      )`.execute(db);
  const row = rows[0];
  return { id: String(row.id), key: row.key, runAt: row.run_at, revision: row.revision };
}

export type JobState = 'queued' | 'running' | 'retrying' | 'failed';

export interface JobRow {
  id: string;
  task: string;
  key: string | null;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
  lockedAt: Date | null;
  /** The graphile worker pool (one per worker process) running it. */
  lockedBy: string | null;
  createdAt: Date;
}

export interface ListJobsFilter {
  state?: JobState;
  task?: string;
  limit: number;
}

/**
 * The jobs in the queue, oldest run time first. A job that succeeds is deleted by graphile, so what is
 * here is waiting (`queued`), running, waiting to retry after a failure (`retrying`: `lastError` says
 * why), or out of attempts (`failed`, kept until someone removes it).
 */
export async function listJobs(db: Db, schema: string, filter: ListJobsFilter): Promise<JobRow[]> {
  const state = sql`case
      when locked_at is not null then 'running'
      when attempts >= max_attempts then 'failed'
      when attempts > 0 then 'retrying'
      else 'queued' end`;
  const { rows } = await sql<{
    id: bigint;
    task_identifier: string;
    key: string | null;
    state: JobState;
    attempts: number;
    max_attempts: number;
    last_error: string | null;
    run_at: Date;
    locked_at: Date | null;
    locked_by: string | null;
    created_at: Date;
  }>`
    select * from (
      select id, task_identifier, key, ${state} as state, attempts, max_attempts, last_error, run_at,
             locked_at, locked_by, created_at
        from ${sql.id(schema, 'jobs')}
    ) j
    where (${filter.state ?? null}::text is null or state = ${filter.state ?? null})
      and (${filter.task ?? null}::text is null or task_identifier = ${filter.task ?? null})
    order by run_at, id
    limit ${filter.limit}`.execute(db);
  return rows.map((r) => ({
    id: String(r.id),
    task: r.task_identifier,
    key: r.key,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    runAt: r.run_at,
    lockedAt: r.locked_at,
    lockedBy: r.locked_by,
    createdAt: r.created_at,
  }));
}

/**
 * Stops a running job from being retried: its failure is expected (a coded error, which a retry would
 * only repeat), so graphile records it and keeps it as failed. Called before the task rethrows; graphile
 * then stores the error and, the attempts being used up, schedules nothing.
 */
export async function useUpAttempts(db: Db, schema: string, jobId: string): Promise<void> {
  await sql`update ${sql.id(schema, '_private_jobs')} set max_attempts = attempts where id = ${jobId}::bigint`.execute(
    db,
  );
}

/** True once graphile-worker's tables exist in `schema` (the hub and workers install them on start). */
export async function jobQueueInstalled(db: Db, schema: string): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean }>`
    select to_regclass(${`${quoteIdent(schema)}._private_jobs`}) is not null as installed`.execute(db);
  return rows[0].installed;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
