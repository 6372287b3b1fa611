import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { jobsSchemaFor } from '../../src/config.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { installJobQueue } from '../../src/jobs/install-job-queue.ts';
import { listJobs, type JobRow } from '../../src/jobs/job-queue.repo.ts';
import { type TestDb, testDb } from '../db.ts';

export interface JobsTest {
  t: TestDb;
  ctx: AppContext;
  /** graphile-worker's schema for this file: `<store schema>_jobs`, dropped with the store's. */
  jobsSchema: string;
}

/**
 * A fresh store schema with its own job queue beside it (as `REVBRIDGE_DB_SCHEMA` gives in production):
 * a worker of this file never sees another file's jobs, and vitest runs files in parallel.
 */
export function useJobsContext(): JobsTest {
  const holder = {} as JobsTest;
  beforeAll(async () => {
    holder.t = await testDb();
    holder.jobsSchema = jobsSchemaFor(holder.t.schema);
    holder.ctx = {
      db: holder.t.db,
      clock: new FixedClock(new Date('2026-01-15T12:00:00Z')),
      logger: pino({ level: 'silent' }),
      jobs: { schema: holder.jobsSchema },
    };
    await installJobQueue(holder.t.url, holder.jobsSchema, holder.ctx.logger);
  });
  afterAll(() => holder.t.close());
  return holder;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function jobsOf(j: JobsTest): Promise<JobRow[]> {
  return listJobs(j.ctx.db, j.jobsSchema, { limit: 1000 });
}

/** Billing runs recorded in the store, by date: one row per runBilling call that committed. */
export async function billingRunDates(j: JobsTest): Promise<string[]> {
  const rows = await j.t.db.selectFrom('billing_runs').select('run_date').orderBy('id').execute();
  return rows.map((r) => String(r.run_date));
}
