import { describe, expect, it } from 'vitest';
import { listQueuedJobs } from '../../src/jobs/list-queued-jobs.ts';
import { importRevenueTask, SCHEDULED_REVENUE_IMPORT_JOB_KEY } from '../../src/jobs/tasks/import-revenue.task.ts';
import { pollChangesTask } from '../../src/jobs/tasks/poll-changes.task.ts';
import { pullCatalogTask, SCHEDULED_CATALOG_PULL_JOB_KEY } from '../../src/jobs/tasks/pull-catalog.task.ts';
import { DAILY_ROLLUPS_JOB_KEY, syncRollupsTask } from '../../src/jobs/tasks/sync-rollups.task.ts';
import { queueRevenuePush } from '../../src/jobs/queue-revenue-push.ts';
import { pushRevenueTask } from '../../src/jobs/tasks/push-revenue.task.ts';
import { DEFAULT_REVENUE_POLICIES } from '../../src/domain/revenue-policies.ts';
import { useJobsContext } from './jobs-helpers.ts';

const helpers = { jobId: '1', attempt: 1, maxAttempts: 1, jobKey: null, abortSignal: new AbortController().signal };

/** The repeating tasks queue their next run before doing their work, so a failed run never ends the schedule. */
describe('schedules on the queue', () => {
  const h = useJobsContext();

  it('a daily roll-up run queues the next one a day later, under its own key; without an org it fails coded', async () => {
    await syncRollupsTask.run(h.ctx, { repeatEverySeconds: 86_400 }, helpers);
    const jobs = await listQueuedJobs(h.ctx, { task: 'sync_rollups' });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([
      [DAILY_ROLLUPS_JOB_KEY, '2026-01-16T12:00:00.000Z'],
    ]);
    const run = await h.ctx.db.selectFrom('sync_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ flow: 'rollups', status: 'failed', error_code: 'salesforce_not_configured' });
  });

  it('a scheduled catalog pull queues the next one repeatEverySeconds later; without an org it fails coded', async () => {
    await pullCatalogTask.run(h.ctx, { repeatEverySeconds: 3600 }, helpers);
    await pullCatalogTask.run(h.ctx, { repeatEverySeconds: 3600 }, helpers);
    const jobs = await listQueuedJobs(h.ctx, { task: 'pull_catalog' });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([
      [SCHEDULED_CATALOG_PULL_JOB_KEY, '2026-01-15T13:00:00.000Z'],
    ]);
    const runs = await h.ctx.db.selectFrom('sync_runs').selectAll().where('flow', '=', 'catalog').execute();
    expect(runs.map((r) => [r.trigger, r.status, r.error_code])).toEqual([
      ['schedule', 'failed', 'salesforce_not_configured'],
      ['schedule', 'failed', 'salesforce_not_configured'],
    ]);
  });

  it('a scheduled revenue import queues the next one repeatEverySeconds later; without an org it fails coded', async () => {
    await importRevenueTask.run(h.ctx, { repeatEverySeconds: 3600 }, helpers);
    const jobs = await listQueuedJobs(h.ctx, { task: 'import_revenue' });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([
      [SCHEDULED_REVENUE_IMPORT_JOB_KEY, '2026-01-15T13:00:00.000Z'],
    ]);
    const runs = await h.ctx.db.selectFrom('sync_runs').selectAll().where('flow', '=', 'revenue').execute();
    expect(runs.map((r) => [r.trigger, r.status, r.error_code])).toEqual([
      ['schedule', 'failed', 'salesforce_not_configured'],
    ]);
  });

  it('with auto-push on, a contract change queues one push a couple of seconds later; off, none', async () => {
    const crm = async () => {
      throw new Error('a queued push does not connect');
    };
    await queueRevenuePush({ ...h.ctx, crm, revenue: DEFAULT_REVENUE_POLICIES });
    expect(await listQueuedJobs(h.ctx, { task: 'push_revenue' })).toEqual([]);
    const auto = { ...h.ctx, crm, revenue: { ...DEFAULT_REVENUE_POLICIES, autoPush: true } };
    await queueRevenuePush(auto);
    await queueRevenuePush(auto);
    const jobs = await listQueuedJobs(h.ctx, { task: 'push_revenue' });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([['push_revenue', '2026-01-15T12:00:02.000Z']]);
    await pushRevenueTask.run(h.ctx, {}, helpers);
    const runs = await h.ctx.db.selectFrom('sync_runs').selectAll().where('flow', '=', 'revenue_push').execute();
    expect(runs.map((r) => [r.trigger, r.status, r.error_code])).toEqual([
      ['schedule', 'failed', 'salesforce_not_configured'],
    ]);
  });

  it('a poll queues the next poll everySeconds later, one job under one key', async () => {
    await pollChangesTask.run(h.ctx, { everySeconds: 30 }, helpers);
    await pollChangesTask.run(h.ctx, { everySeconds: 30 }, helpers);
    const jobs = await listQueuedJobs(h.ctx, { task: 'poll_changes' });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([['poll_changes', '2026-01-15T12:00:30.000Z']]);
  });
});
