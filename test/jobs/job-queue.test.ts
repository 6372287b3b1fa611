import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { enqueueJob } from '../../src/jobs/enqueue.ts';
import { startWorker } from '../../src/jobs/start-worker.ts';
import { billingRunDates, jobsOf, useJobsContext, waitFor } from './jobs-helpers.ts';

const j = useJobsContext();

/** Holds the billing run's advisory lock, so a billing_run job stays running until `release`. */
async function holdBillingRuns(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext('revbridge.billing_run'))");
  return { release: () => client.end() };
}

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
    const worker = await startWorker(j.ctx, { connectionString: j.t.url, concurrency: 2 });
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
