import { z } from 'zod';
import { pollChanges } from '../../sync/poll-changes.ts';
import { defineTask } from '../define-task.ts';
import { addJob } from '../job-queue.repo.ts';
import { jobsSchemaOf } from '../job-settings.ts';

/** The one key the polling job runs under: a second poller folds into it, never runs beside it. */
export const POLL_JOB_KEY = 'poll_changes';

/**
 * Change polling: one poll (`pollChanges`), then the next one queued `everySeconds` later under the same
 * key. A stopped hub stops polling; the next start queues a poll at once and the cursor in the store
 * carries on where the last poll stopped. Queued first, then polled: a poll that fails (Salesforce down)
 * does not end the schedule.
 */
export const pollChangesTask = defineTask({
  name: 'poll_changes',
  description: 'change polling on SystemModstamp: sync what changed, then queue the next poll',
  payload: z.strictObject({ everySeconds: z.number().int().min(1).max(86_400) }),
  run: async (ctx, payload) => {
    const next = new Date(ctx.clock.now().getTime() + payload.everySeconds * 1000);
    // The queue's own add_job, not enqueueJob: that one checks payloads against the task registry, which
    // lists this task (an import cycle). The payload was checked when this job was queued.
    await addJob(ctx.db, jobsSchemaOf(ctx), {
      task: 'poll_changes',
      payload,
      jobKey: POLL_JOB_KEY,
      runAt: next,
      maxAttempts: 1,
    });
    await pollChanges(ctx);
  },
});
