import type { AppContext } from '../app-context.ts';
import { addJob } from './job-queue.repo.ts';
import { jobsSchemaOf } from './job-settings.ts';

/** Seconds a job queued by a change waits: a burst of changes is carried out once. */
const SETTLE_SECONDS = 2;

/**
 * Queues one `task` job under its own name as key, a couple of seconds out: more changes before it runs fold into
 * it. Nothing when no org is configured. A queue that is not installed (a CLI on a store no hub has opened) is
 * logged, not fatal: the change is made, and `instead` (a command) does the work on demand.
 */
export async function queueAfterChange(
  ctx: AppContext,
  task: 'sync_rollups' | 'push_revenue',
  instead: string,
): Promise<void> {
  if (!ctx.crm || !ctx.jobs) return;
  const runAt = new Date(ctx.clock.now().getTime() + SETTLE_SECONDS * 1000);
  try {
    // add_job itself, not enqueueJob: tasks call this, and enqueueJob reads the task registry (a cycle).
    await addJob(ctx.db, jobsSchemaOf(ctx), { task, payload: {}, jobKey: task, runAt, maxAttempts: 5 });
  } catch (error) {
    ctx.logger.warn({ err: error }, `${task} not queued; run \`${instead}\``);
  }
}
