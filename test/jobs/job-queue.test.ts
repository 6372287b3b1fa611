import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { fail, RevbridgeError } from '../../src/domain/errors.ts';
import { defineTask } from '../../src/jobs/define-task.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { installJobQueue } from '../../src/jobs/install-job-queue.ts';
import { addJob } from '../../src/jobs/job-queue.repo.ts';
import { startWorker } from '../../src/jobs/start-worker.ts';
import { TASKS } from '../../src/jobs/task-registry.ts';
import { billingRunDates, jobsOf, useJobsContext, waitFor } from './jobs-helpers.ts';

const j = useJobsContext();

/** Holds the billing run's advisory lock, so a billing_run job stays running until `release`. */
async function holdBillingRuns(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext('revbridge.billing_run'))");
  return { release: () => client.end() };
}

describe('the task registry', () => {
  it('has one uniquely named snake_case task per file in src/jobs/tasks', () => {
    const names = TASKS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    const files = readdirSync(new URL('../../src/jobs/tasks/', import.meta.url)).filter((f) => f.endsWith('.task.ts'));
    expect(files.sort()).toEqual(names.map((n) => `${n.replaceAll('_', '-')}.task.ts`).sort());
  });
});

describe('enqueueJob', () => {
  it('refuses a payload that does not match the task, with job_payload_invalid, and queues nothing', async () => {
    const error = await enqueueJob(j.ctx, 'billing_run', { date: '31/01/2026' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevbridgeError);
    expect(error).toMatchObject({ code: 'job_payload_invalid', details: { task: 'billing_run' } });
    expect((error as Error).message).toBe('The payload of billing_run is not valid: date a date YYYY-MM-DD.');
    const extra = await enqueueJob(j.ctx, 'billing_run', { date: '2026-01-31', force: true } as never).catch(
      (e: unknown) => e,
    );
    expect(extra).toMatchObject({ code: 'job_payload_invalid' });
    expect(await jobsOf(j)).toEqual([]);
  });

  it('refuses an unknown task with job_task_unknown', async () => {
    await expect(enqueueJob(j.ctx, 'no_such_task' as never, {} as never)).rejects.toMatchObject({
      code: 'job_task_unknown',
    });
  });

  it('says job_queue_not_installed when the queue schema is missing', async () => {
    const ctx = { ...j.ctx, jobs: { schema: `${j.t.schema}_nowhere` } };
    await expect(enqueueJob(ctx, 'billing_run', { date: '2026-01-31' })).rejects.toMatchObject({
      code: 'job_queue_not_installed',
    });
  });
});

describe('the worker', () => {
  it('runs a job enqueued twice with the same key once', async () => {
    const first = await enqueueJob(j.ctx, 'billing_run', { date: '2025-03-31' }, { jobKey: 'billing_run:2025-03-31' });
    const second = await enqueueJob(j.ctx, 'billing_run', { date: '2025-03-31' }, { jobKey: 'billing_run:2025-03-31' });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(await jobsOf(j)).toHaveLength(1);

    const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 2 });
    try {
      await waitFor('the queue to empty', async () => (await jobsOf(j)).length === 0);
    } finally {
      await worker.stop();
    }
    expect((await billingRunDates(j)).filter((d) => d === '2025-03-31')).toHaveLength(1);
  });

  it('a press while the keyed job runs queues one follow-up, and more presses fold into it', async () => {
    const lock = await holdBillingRuns(j.t.url);
    const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 2, pollIntervalMs: 200 });
    try {
      const key = { jobKey: 'billing_run:2025-04-30' };
      await enqueueJob(j.ctx, 'billing_run', { date: '2025-04-30' }, key);
      await waitFor('the job to run', async () => (await jobsOf(j)).some((job) => job.state === 'running'));
      for (let press = 0; press < 3; press += 1) await enqueueJob(j.ctx, 'billing_run', { date: '2025-04-30' }, key);
      const jobs = await jobsOf(j);
      expect(jobs.map((job) => [job.state, job.key])).toEqual([
        ['running', null], // graphile detaches the key from the running job…
        ['queued', 'billing_run:2025-04-30'], // …so exactly one follow-up carries it
      ]);
      await lock.release();
      await waitFor('the queue to empty', async () => (await jobsOf(j)).length === 0);
    } finally {
      await lock.release().catch(() => {});
      await worker.stop();
    }
    expect((await billingRunDates(j)).filter((d) => d === '2025-04-30')).toHaveLength(2);
  });

  it('keeps a job that fails with a coded error as failed, without retrying it', async () => {
    // The context's clock says 2026-01-15: a run dated later is refused (run_date_in_future).
    const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 1 });
    try {
      const job = await enqueueJob(j.ctx, 'billing_run', { date: '2026-06-30' });
      const failed = await waitFor('the job to fail', async () =>
        (await jobsOf(j)).find((row) => row.id === job.id && row.state === 'failed'),
      );
      expect(failed).toMatchObject({ attempts: 1, maxAttempts: 1 });
      expect(failed.lastError).toBe('run_date_in_future: The run date 2026-06-30 is after today (2026-01-15).');
    } finally {
      await worker.stop();
    }
  });
});

describe('GET /jobs', () => {
  it('lists the queue to a viewer key, filtered by state and task', async () => {
    const job = await enqueueJob(j.ctx, 'billing_run', { date: '2025-07-31' }, { jobKey: 'billing_run:2025-07-31' });
    const app = buildApi(j.ctx);
    try {
      const { secret } = await createApiKey(j.ctx, { name: 'dashboard', role: 'viewer' });
      const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });
      const queued = await get('/jobs?state=queued&task=billing_run');
      expect(queued.statusCode).toBe(200);
      expect(queued.json().jobs).toContainEqual(
        expect.objectContaining({
          id: job.id,
          task: 'billing_run',
          key: 'billing_run:2025-07-31',
          state: 'queued',
          attempts: 0,
          maxAttempts: 25,
          lastError: null,
          lockedBy: null,
        }),
      );
      expect((await get('/jobs?state=running')).json()).toEqual({ jobs: [] });
      expect((await get('/jobs?state=stuck')).statusCode).toBe(400);
    } finally {
      await app.close();
      // Leave the queue as the next tests expect it: empty of waiting billing runs.
      await sql`delete from ${sql.id(j.jobsSchema, '_private_jobs')} where id = ${job.id}::bigint`.execute(j.t.db);
    }
  });
});

describe('several workers', () => {
  /** A test task whose only effect is a row per run, so a job run twice shows as two rows. */
  const recordRun = (worker: string) =>
    defineTask({
      name: 'record_run',
      description: 'test: records which worker ran which job',
      payload: z.strictObject({ n: z.number().int() }),
      run: async (ctx, payload, helpers) => {
        await sql`insert into job_effects (n, job_id, worker) values (${payload.n}, ${helpers.jobId}, ${worker})`.execute(
          ctx.db,
        );
        await new Promise((r) => setTimeout(r, 5));
      },
    });

  it('retries a job whose coded failure means "later" (429, 5xx), with graphile\'s back-off', async () => {
    const flaky = defineTask({
      name: 'flaky_call',
      description: 'test: Salesforce does not answer',
      payload: z.strictObject({}),
      run: async () => fail('salesforce_unavailable'),
    });
    const job = await addJob(j.ctx.db, j.jobsSchema, {
      task: 'flaky_call',
      payload: {},
      jobKey: undefined,
      runAt: undefined,
      maxAttempts: undefined,
    });
    const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 1, tasks: [flaky] });
    try {
      const retrying = await waitFor('the job to wait for its retry', async () =>
        (await jobsOf(j)).find((row) => row.id === job.id && row.state === 'retrying'),
      );
      expect(retrying).toMatchObject({ attempts: 1, maxAttempts: 25 });
      expect(retrying.lastError).toMatch(/^salesforce_unavailable: /);
    } finally {
      await worker.stop();
      await sql`delete from ${sql.id(j.jobsSchema, '_private_jobs')} where id = ${job.id}::bigint`.execute(j.t.db);
    }
  });

  it('two in-process workers with separate pools share 50 jobs, each run exactly once', async () => {
    await sql`create table job_effects (n int not null, job_id text not null, worker text not null)`.execute(j.t.db);
    for (let n = 0; n < 50; n += 1) {
      await addJob(j.ctx.db, j.jobsSchema, {
        task: 'record_run',
        payload: { n },
        jobKey: undefined,
        runAt: undefined,
        maxAttempts: undefined,
      });
    }
    const workers = await Promise.all(
      ['a', 'b'].map((name) =>
        startWorker(j.ctx, { connectionString: j.t.url, concurrency: 4, tasks: [recordRun(name)] }),
      ),
    );
    try {
      await waitFor('every record_run job to finish', async () =>
        (await jobsOf(j)).every((job) => job.task !== 'record_run'),
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const { rows } = await sql<{ n: number; worker: string }>`select n, worker from job_effects`.execute(j.t.db);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.n)).size).toBe(50);
    expect(new Set(rows.map((r) => r.worker))).toEqual(new Set(['a', 'b']));
  });

  it("a worker never runs another store's jobs: each store schema has its own queue schema", async () => {
    const otherQueue = `${j.t.schema}_other_jobs`;
    await installJobQueue(j.t.url, otherQueue, j.ctx.logger);
    try {
      const elsewhere = { ...j.ctx, jobs: { schema: otherQueue } };
      const job = await enqueueJob(elsewhere, 'billing_run', { date: '2025-05-31' });
      const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 2, pollIntervalMs: 100 });
      try {
        // Long enough for many polls of this worker's own queue.
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        await worker.stop();
      }
      const { rows } = await sql<{ id: string; attempts: number }>`
        select id::text, attempts from ${sql.id(otherQueue, 'jobs')}`.execute(j.t.db);
      expect(rows).toEqual([{ id: job.id, attempts: 0 }]);
    } finally {
      await sql`drop schema ${sql.id(otherQueue)} cascade`.execute(j.t.db);
    }
  });
});

describe('stopping', () => {
  it('fails a job still running after stopTimeoutMs, to be retried, rather than waiting forever', async () => {
    const lock = await holdBillingRuns(j.t.url);
    try {
      const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 1, stopTimeoutMs: 1000 });
      const job = await enqueueJob(j.ctx, 'billing_run', { date: '2025-06-30' });
      await waitFor('the job to run', async () =>
        (await jobsOf(j)).some((row) => row.id === job.id && row.state === 'running'),
      );
      await worker.stop();
      expect((await jobsOf(j)).find((row) => row.id === job.id)).toMatchObject({
        state: 'retrying',
        attempts: 1,
        lastError: 'revbridge worker stop timeout',
      });
    } finally {
      await lock.release();
    }
  });
});
