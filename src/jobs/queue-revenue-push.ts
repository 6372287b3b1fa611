import type { AppContext } from '../app-context.ts';
import { addJob } from './job-queue.repo.ts';
import { jobsSchemaOf } from './job-settings.ts';

/** Seconds a push waits after the change that queued it: a person's few edits in a row go in one push. */
const SETTLE_SECONDS = 2;

/**
 * With REVBRIDGE_REVENUE_AUTO_PUSH=on, queues one `push_revenue` job under its key after a contract changed in
 * revbridge (changes before it runs fold into it); nothing when the setting is off or no org is configured. A queue
 * not installed (a CLI on a store no hub has opened) is logged: the change is kept, pending, for `revenue push`.
 */
export async function queueRevenuePush(ctx: AppContext): Promise<void> {
  if (!ctx.revenue?.autoPush || !ctx.crm || !ctx.jobs) return;
  const runAt = new Date(ctx.clock.now().getTime() + SETTLE_SECONDS * 1000);
  try {
    await addJob(ctx.db, jobsSchemaOf(ctx), {
      task: 'push_revenue',
      payload: {},
      jobKey: 'push_revenue',
      runAt,
      maxAttempts: 5,
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'revenue push not queued; run `revbridge revenue push`');
  }
}
