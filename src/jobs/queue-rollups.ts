import type { AppContext } from '../app-context.ts';
import { addJob } from './job-queue.repo.ts';
import { jobsSchemaOf } from './job-settings.ts';

/** Seconds a roll-up job waits after the change that queued it: a burst of payments is written once. */
const SETTLE_SECONDS = 2;

/**
 * Seed 003: roll-ups are written after each billing run and payment. Queues one `sync_rollups` job under
 * its key (more changes before it runs fold into it); nothing when no org is configured. A queue that is
 * not installed (a CLI on a store no hub has opened) is logged, not fatal: the money change is done, and
 * the next roll-up run writes the figures.
 */
export async function queueRollups(ctx: AppContext): Promise<void> {
  if (!ctx.crm || !ctx.jobs) return;
  const runAt = new Date(ctx.clock.now().getTime() + SETTLE_SECONDS * 1000);
  try {
    // add_job itself, not enqueueJob: tasks call this, and enqueueJob reads the task registry (a cycle).
    await addJob(ctx.db, jobsSchemaOf(ctx), {
      task: 'sync_rollups',
      payload: {},
      jobKey: 'sync_rollups',
      runAt,
      maxAttempts: 5,
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'roll-ups not queued; run `revbridge sync rollups`');
  }
}
