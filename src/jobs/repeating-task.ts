import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { addJob } from './job-queue.repo.ts';
import { jobsSchemaOf } from './job-settings.ts';

/** The payload of a task that may repeat: every N seconds, a minute to a week; absent, it runs once. */
export const repeatPayload = z.strictObject({
  repeatEverySeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .optional(),
});

/**
 * Queues the next run of a repeating task under its schedule's key, before this run does its work, so a run
 * that fails (Salesforce down) does not end the schedule. It adds the job itself, as poll_changes does:
 * enqueueJob reads the task registry, which lists the task calling this.
 */
export async function queueNextRun(
  ctx: AppContext,
  task: string,
  payload: z.infer<typeof repeatPayload>,
  jobKey: string,
): Promise<void> {
  if (payload.repeatEverySeconds === undefined) return;
  await addJob(ctx.db, jobsSchemaOf(ctx), {
    task,
    payload,
    jobKey,
    runAt: new Date(ctx.clock.now().getTime() + payload.repeatEverySeconds * 1000),
    maxAttempts: 5,
  });
}
